import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, BRAND_ORIGIN, type TestApp } from '../testing/build-test-app.ts';

/** The widget's size budget (docs/widget.md): at most 30 KB gzipped. */
const GZIP_BUDGET_BYTES = 30 * 1024;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

describe('GET /widget.js', () => {
  it('serves the bundled widget as JavaScript with cache headers and public CORS', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { origin: BRAND_ORIGIN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers.etag).toMatch(/^"[\w-]{27}"$/);
    // the page-facing API and the LivePerson tag attributes are in the bundle
    expect(res.body).toContain('Parley');
    expect(res.body).toContain('parley:token-needed');
    // no eval or Function constructor: it must run under a CSP without 'unsafe-eval'
    expect(res.body).not.toMatch(/\beval\(|new Function\(/);
  });

  it('answers gzip to a browser that accepts it, within the size budget, and 304 to a matching ETag', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/widget.js' });
    const zipped = await t.app.inject({
      method: 'GET',
      url: '/widget.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(zipped.rawPayload.length).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    const again = await t.app.inject({
      method: 'GET',
      url: '/widget.js',
      headers: { 'if-none-match': plain.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
