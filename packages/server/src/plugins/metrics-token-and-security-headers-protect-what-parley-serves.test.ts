import { afterEach, describe, expect, it } from 'vitest';
import { BRAND_ORIGIN, buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const METRICS_TOKEN = 'metrics-token-0123456789';

describe('GET /metrics', () => {
  it('requires Authorization: Bearer <metrics.token> when one is configured', async () => {
    t = await buildTestApp({ config: { metrics: { token: METRICS_TOKEN } } });
    const scrape = (authorization?: string) =>
      t.app.inject({ url: '/metrics', ...(authorization ? { headers: { authorization } } : {}) });
    for (const res of [
      await scrape(),
      await scrape('Bearer wrong'),
      await scrape(`Bearer ${METRICS_TOKEN}x`),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('ADMIN_UNAUTHORIZED');
      expect(res.body).not.toContain('parley_http_requests_total');
    }
    const ok = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('parley_http_requests_total');
  });

  it('stays open without metrics.token, as before', async () => {
    t = await buildTestApp();
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('put the helmet set on the popup callback page, keeping its nonce CSP and the opener', async () => {
    t = await buildTestApp({
      config: { server: { publicUrl: 'https://chat.example' } },
      connector: {
        flows: ['code'],
        authorizationEndpoint: 'https://idp.example/authorize',
        tokenEndpoint: 'https://idp.example/token',
        clientSecret: 'client-secret-value',
      },
    });
    const page = await t.app.inject({
      url: '/v1/accounts/acme/callback?state=unknown-state&code=some-code',
      headers: { accept: 'text/html' },
    });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(typeof page.headers['content-security-policy']).toBe('string'); // one policy, the page's
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(page.headers['x-permitted-cross-domain-policies']).toBe('none');
    expect(page.headers['origin-agent-cluster']).toBe('?1');
    // same-origin would null window.opener: the page could not post the result to the brand
    expect(page.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('put a no-script CSP on JSON answers without breaking CORS, and no HSTS over plain http', async () => {
    t = await buildTestApp();
    const res = await t.post('anonymous', {}, { headers: { origin: BRAND_ORIGIN } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe(BRAND_ORIGIN);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
