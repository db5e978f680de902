import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { epochSeconds } from '@parley/core';
import { openSqliteStores } from '@parley/storage';
import {
  buildTestApp as buildMemoryApp,
  type TestApp,
  type TestAppOptions,
} from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => {
  await t?.app.close();
  await t?.stores.close();
});

const tempDir = mkdtempSync(join(tmpdir(), 'parley-server-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let dbCount = 0;

describe.each([
  ['memory stores', (options: TestAppOptions = {}) => buildMemoryApp(options)],
  [
    'SQLite stores (temp file)',
    (options: TestAppOptions = {}) =>
      buildMemoryApp({
        ...options,
        stores: (clock) => openSqliteStores({ path: join(tempDir, `db-${++dbCount}.sqlite`), clock }),
      }),
  ],
] as const)('%s', (_name, buildTestApp) => {
  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
    code: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status,
      code,
      type: expect.stringContaining(code),
      title: expect.any(String),
      detail: expect.any(String),
    });
  };

  describe('POST /v1/accounts/:account/authenticate (implicit)', () => {
    it('logs in (200) with an expiry no later than the token exp nor sessionMaxSeconds', async () => {
      t = await buildTestApp();
      const now = epochSeconds(t.clock);
      const res = await t.post('authenticate', {
        idToken: await t.mint({ sub: 'c-1', name: 'Ada Lovelace', exp: now + 600 }),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual({
        consumerId: expect.any(String),
        sessionToken: expect.any(String),
        expiresAt: new Date((now + 600) * 1000).toISOString(),
        authenticated: true,
        consumer: { displayName: 'Ada Lovelace' },
      });

      const long = await t.post('authenticate', { idToken: await t.mint({ sub: 'c-2', exp: now + 7200 }) });
      expect(long.statusCode).toBe(200);
      expect(Date.parse(long.json().expiresAt)).toBe((now + 3600) * 1000);
    });

    it('gives the same (iss, sub) one consumerId from two devices, and another sub another id', async () => {
      t = await buildTestApp();
      const phone = (await t.post('anonymous', {})).json();
      const laptop = (await t.post('anonymous', {})).json();
      const first = await t.post('authenticate', {
        idToken: await t.mint({ sub: 'same' }),
        anonymousSessionToken: phone.sessionToken,
      });
      const second = await t.post('authenticate', {
        idToken: await t.mint({ sub: 'same' }),
        anonymousSessionToken: laptop.sessionToken,
      });
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(200);
      expect(second.json().consumerId).toBe(first.json().consumerId);
      const third = await t.post('authenticate', { idToken: await t.mint({ sub: 'same' }) });
      expect(third.json().consumerId).toBe(first.json().consumerId);
      const other = await t.post('authenticate', { idToken: await t.mint({ sub: 'someone-else' }) });
      expect(other.json().consumerId).not.toBe(first.json().consumerId);
    });

    it('steps up with anonymousSessionToken: the anonymous consumer is linked and its session revoked', async () => {
      t = await buildTestApp();
      const anon = (await t.post('anonymous', {})).json();
      const res = await t.post('authenticate', {
        idToken: await t.mint({ sub: 'c-1' }),
        anonymousSessionToken: anon.sessionToken,
      });
      expect(res.statusCode).toBe(200);
      const linked = await t.stores.consumers.get('acme', anon.consumerId);
      expect(linked?.mergedInto).toBe(res.json().consumerId);
      const logout = await t.post('logout', undefined, {
        headers: { authorization: `Bearer ${anon.sessionToken}` },
      });
      expectProblem(logout, 401, 'SESSION_INVALID');
    });

    it('refuses an invalid anonymousSessionToken (401 SESSION_INVALID) without consuming the id_token', async () => {
      t = await buildTestApp();
      const idToken = await t.mint({ sub: 'c-1' });
      const refused = await t.post('authenticate', { idToken, anonymousSessionToken: 'not-a-session' });
      expectProblem(refused, 401, 'SESSION_INVALID');
      const retried = await t.post('authenticate', { idToken });
      expect(retried.statusCode).toBe(200);
    });

    it('keeps the anonymous session valid when the login fails', async () => {
      t = await buildTestApp();
      const anon = (await t.post('anonymous', {})).json();
      const failed = await t.post('authenticate', {
        idToken: await t.mint({ sub: 'c-1', iss: 'https://evil.example' }),
        anonymousSessionToken: anon.sessionToken,
      });
      expect(failed.statusCode).toBe(401);
      const stepUp = await t.post('authenticate', {
        idToken: await t.mint({ sub: 'c-1' }),
        anonymousSessionToken: anon.sessionToken,
      });
      expect(stepUp.statusCode).toBe(200);
    });

    it('answers a replayed token with 401 TOKEN_REPLAYED', async () => {
      t = await buildTestApp();
      const idToken = await t.mint();
      expect((await t.post('authenticate', { idToken })).statusCode).toBe(200);
      expectProblem(await t.post('authenticate', { idToken }), 401, 'TOKEN_REPLAYED');
    });

    it('answers an expired token with 401 TOKEN_EXPIRED', async () => {
      t = await buildTestApp();
      const idToken = await t.mint();
      t.clock.advanceSeconds(3600);
      expectProblem(await t.post('authenticate', { idToken }), 401, 'TOKEN_EXPIRED');
    });
  });

  describe('POST /authenticate body rules', () => {
    it('refuses both idToken and code, and neither, with 400 REQUEST_INVALID', async () => {
      t = await buildTestApp();
      const idToken = await t.mint();
      expectProblem(await t.post('authenticate', { idToken, code: 'abc' }), 400, 'REQUEST_INVALID');
      expectProblem(await t.post('authenticate', {}), 400, 'REQUEST_INVALID');
      expectProblem(await t.post('authenticate', { connector: 'main' }), 400, 'REQUEST_INVALID');
    });

    it('refuses code with both pkceTransaction and codeVerifier, and idToken with code fields', async () => {
      t = await buildTestApp();
      const verifier = 'v'.repeat(43);
      expectProblem(
        await t.post('authenticate', {
          code: 'abc',
          redirectUri: 'https://x.example/cb',
          pkceTransaction: 't',
          codeVerifier: verifier,
        }),
        400,
        'REQUEST_INVALID',
      );
      expectProblem(
        await t.post('authenticate', { idToken: await t.mint(), redirectUri: 'https://x.example/cb' }),
        400,
        'REQUEST_INVALID',
      );
    });

    it('refuses unknown members and wrong types with 400, naming the field but not the value', async () => {
      t = await buildTestApp();
      const extra = await t.post('authenticate', { idToken: 'x.y.z', email: 'secret-value@example.com' });
      expectProblem(extra, 400, 'REQUEST_INVALID');
      expect(extra.json().detail).toContain('email');
      expect(extra.body).not.toContain('secret-value');
      const wrongType = await t.post('authenticate', { idToken: 12345678 });
      expectProblem(wrongType, 400, 'REQUEST_INVALID');
      expect(wrongType.json().detail).toContain('idToken');
      expect(wrongType.body).not.toContain('12345678');
    });

    it('answers malformed JSON with 400 and a body over 64 KB with 413', async () => {
      t = await buildTestApp();
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/accounts/acme/authenticate',
        headers: { 'content-type': 'application/json' },
        payload: '{"idToken": ',
      });
      expectProblem(bad, 400, 'REQUEST_INVALID');
      const big = await t.post('authenticate', { idToken: 'a'.repeat(70 * 1024) });
      expectProblem(big, 413, 'REQUEST_TOO_LARGE');
    });

    it('answers unknown account 404 ACCOUNT_NOT_FOUND and unknown connector 404 CONNECTOR_NOT_FOUND', async () => {
      t = await buildTestApp();
      expectProblem(
        await t.post('authenticate', { idToken: await t.mint() }, { account: 'nope' }),
        404,
        'ACCOUNT_NOT_FOUND',
      );
      expectProblem(
        await t.post('authenticate', { idToken: await t.mint(), connector: 'nope' }),
        404,
        'CONNECTOR_NOT_FOUND',
      );
    });

    it('answers a code body for a connector without code/pkce flows with 403 FLOW_NOT_ENABLED', async () => {
      t = await buildTestApp();
      const res = await t.post('authenticate', { code: 'abc', redirectUri: 'https://www.acme.example/cb' });
      expectProblem(res, 403, 'FLOW_NOT_ENABLED');
      expect(res.body).not.toContain('abc');
    });
  });

  describe('POST /v1/accounts/:account/logout', () => {
    it('revokes the session (204); the same token then fails with 401 SESSION_INVALID', async () => {
      t = await buildTestApp();
      const login = (await t.post('authenticate', { idToken: await t.mint() })).json();
      const headers = { authorization: `Bearer ${login.sessionToken}` };
      const first = await t.post('logout', undefined, { headers });
      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(await t.post('logout', undefined, { headers }), 401, 'SESSION_INVALID');
    });

    it('refuses a missing bearer token and another account with 401 SESSION_INVALID', async () => {
      t = await buildTestApp();
      expectProblem(await t.post('logout'), 401, 'SESSION_INVALID');
      const anon = (await t.post('anonymous', {})).json();
      const elsewhere = await t.post('logout', undefined, {
        account: 'locked',
        headers: { authorization: `Bearer ${anon.sessionToken}` },
      });
      expectProblem(elsewhere, 401, 'SESSION_INVALID');
    });
  });
});
