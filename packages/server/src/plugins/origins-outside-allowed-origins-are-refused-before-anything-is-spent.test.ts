import { afterEach, describe, expect, it } from 'vitest';
import { BRAND_ORIGIN, buildTestApp, captureLog, type TestApp } from '../testing/build-test-app.ts';

const EVIL = 'https://evil.example';
const PUBLIC_URL = 'https://parley.example';
const AGENT = { email: 'ana@acme.example', password: 'correct horse battery' };

let t: TestApp;
afterEach(async () => t?.app.close());

function build(logStream?: ReturnType<typeof captureLog>['stream']): Promise<TestApp> {
  return buildTestApp({
    config: {
      server: { publicUrl: `${PUBLIC_URL}/` },
      agents: [{ account: 'acme', name: 'Ana', ...AGENT }],
    },
    ...(logStream ? { logStream } : {}),
  });
}

function inject(method: 'GET' | 'POST', path: string, origin?: string, extra: object = {}) {
  return t.app.inject({
    method,
    url: `/v1/accounts/acme/${path}`,
    headers: origin === undefined ? {} : { origin },
    ...extra,
  });
}

function expectRefused(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', status: 403 });
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
}

describe('a browser request from an origin outside allowedOrigins', () => {
  it('is refused 403 before the id_token is spent: the same token then works from the brand origin', async () => {
    t = await build();
    const idToken = await t.mint();
    expectRefused(await t.post('authenticate', { idToken }, { headers: { origin: EVIL } }));
    expect(await t.stores.audit.list('acme', { limit: 10 })).toEqual([]);
    const allowed = await t.post('authenticate', { idToken }, { headers: { origin: BRAND_ORIGIN } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(BRAND_ORIGIN);
  });

  it('is refused on every account route a browser calls, and a session is not spent by logout', async () => {
    t = await build();
    const { sessionToken } = (await t.post('anonymous', {})).json();
    const bearer = { headers: { authorization: `Bearer ${sessionToken}` } };
    const refused = [
      inject('POST', 'anonymous', EVIL, { payload: {} }),
      inject('POST', 'pkce', EVIL, { payload: {} }),
      inject('POST', 'authenticate', EVIL, { payload: { idToken: 'x' } }),
      inject('POST', 'logout', EVIL, { headers: { origin: EVIL, authorization: `Bearer ${sessionToken}` } }),
      inject('POST', 'agents/login', EVIL, { payload: AGENT }),
      inject('POST', 'agents/logout', EVIL),
      inject('GET', 'agent/conversations?limit=5', EVIL),
      inject('GET', 'agent/conversations/c-1/messages', EVIL),
      inject('GET', 'consumer/conversations', EVIL),
      inject('GET', `authorize?connector=main&origin=${encodeURIComponent(EVIL)}`, EVIL),
      inject('GET', 'consumer/ws', EVIL),
      // an opaque origin (sandboxed iframe, file:) is a browser too
      inject('POST', 'anonymous', 'null', { payload: {} }),
    ];
    for (const res of await Promise.all(refused)) expectRefused(res);
    // the session the refused logout carried still lives
    const logout = await t.app.inject({ method: 'POST', url: '/v1/accounts/acme/logout', ...bearer });
    expect(logout.statusCode).toBe(204);
  });

  it('is logged (warn) with the refused origin and the account, never the body', async () => {
    const log = captureLog();
    t = await build(log.stream);
    const idToken = await t.mint();
    await t.post('authenticate', { idToken }, { headers: { origin: `${EVIL}/some/page` } });
    const line = log.chunks
      .map((c) => JSON.parse(c) as Record<string, unknown>)
      .find((l) => l.origin !== undefined);
    expect(line).toMatchObject({ level: 40, origin: EVIL, account: 'acme' });
    expect(log.text()).not.toContain(idToken);
  });
});

describe('origins that stay allowed', () => {
  it('requests without Origin (brand servers, mobile apps) and from the brand origin', async () => {
    t = await build();
    expect((await inject('POST', 'anonymous', undefined, { payload: {} })).statusCode).toBe(201);
    const brand = await inject('POST', 'anonymous', BRAND_ORIGIN, { payload: {} });
    expect(brand.statusCode).toBe(201);
    expect(brand.headers['access-control-allow-origin']).toBe(BRAND_ORIGIN);
  });

  it("Parley's own origin on agent routes (the Agent Workspace), but not on consumer routes", async () => {
    t = await build();
    const login = await inject('POST', 'agents/login', PUBLIC_URL, { payload: AGENT });
    expect(login.statusCode).toBe(200);
    expect(login.headers['access-control-allow-origin']).toBe(PUBLIC_URL);
    const list = await inject('GET', 'agent/conversations', PUBLIC_URL, {
      headers: { origin: PUBLIC_URL, authorization: `Bearer ${login.json().sessionToken}` },
    });
    expect(list.statusCode).toBe(200);
    expectRefused(await inject('POST', 'anonymous', PUBLIC_URL, { payload: {} }));
  });

  it('any origin on public keys (CORS *), and no Origin check on the IdP-driven callback and back-channel logout', async () => {
    t = await build();
    const jwks = await inject('GET', '.well-known/jwks.json', EVIL);
    expect(jwks.statusCode).toBe(200);
    expect(jwks.headers['access-control-allow-origin']).toBe('*');
    const callback = await inject('GET', 'callback?state=s&code=c', 'https://login.acme.example');
    expect(callback.json().code).not.toBe('ORIGIN_NOT_ALLOWED');
    const backchannel = await inject('POST', 'backchannel-logout', 'https://login.acme.example', {
      headers: { origin: 'https://login.acme.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'logout_token=x',
    });
    expect(backchannel.json().code).not.toBe('ORIGIN_NOT_ALLOWED');
  });

  it('an unknown account is still 404 ACCOUNT_NOT_FOUND, whatever the origin', async () => {
    t = await build();
    const res = await t.post('anonymous', {}, { account: 'nope', headers: { origin: EVIL } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ACCOUNT_NOT_FOUND');
  });
});
