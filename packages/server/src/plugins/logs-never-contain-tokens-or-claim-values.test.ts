import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMemoryStores } from '@parley/storage';
import { ParleyError } from '@parley/core';
import { createFakeIdpHttp } from '@parley/core/testing';
import { buildApp } from '../app.ts';
import { ADMIN_KEY, buildTestApp, captureLog, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('logging', () => {
  it('logs successful and failed logins without tokens, session tokens or claim values', async () => {
    const log = captureLog();
    t = await buildTestApp({ logStream: log.stream });
    const anon = (await t.post('anonymous', {})).json();
    const idToken = await t.mint({
      sub: 'subject-value-77',
      email: 'claim-value@example.com',
      account_number: '99887766',
    });
    const ok = await t.post('authenticate', { idToken, anonymousSessionToken: anon.sessionToken });
    expect(ok.statusCode).toBe(200);
    const { sessionToken, consumerId } = ok.json();
    const replayed = await t.post('authenticate', { idToken });
    expect(replayed.statusCode).toBe(401);
    const expired = await t.mint({
      sub: 'subject-value-78',
      exp: Math.floor(t.clock.now() / 1000) - 3600,
      iat: Math.floor(t.clock.now() / 1000) - 4000,
    });
    expect((await t.post('authenticate', { idToken: expired })).statusCode).toBe(401);
    await t.post('logout', undefined, { headers: { authorization: `Bearer ${sessionToken}` } });
    await t.app.inject({
      method: 'GET',
      url: `/v1/admin/accounts/acme/consumers/${consumerId}`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/callback?code=secret-code-123&state=s' });
    const popupAnon = (await t.post('anonymous', {})).json();
    const query = new URLSearchParams({
      origin: 'https://www.acme.example',
      anonymousSessionToken: popupAnon.sessionToken,
    });
    await t.app.inject({ method: 'GET', url: `/v1/accounts/acme/authorize?${query}` });
    // the step-up reference (POST /authorize/anonymous-ref), and a popup request carrying it
    const refAnswer = await t.app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/authorize/anonymous-ref',
      headers: { authorization: `Bearer ${popupAnon.sessionToken}` },
    });
    const { anonymousRef } = refAnswer.json() as { anonymousRef: string };
    const withRef = new URLSearchParams({ origin: 'https://www.acme.example', anonymousRef });
    await t.app.inject({ method: 'GET', url: `/v1/accounts/acme/authorize?${withRef}` });
    expect(refAnswer.statusCode, refAnswer.body).toBe(201);

    const text = log.text();
    expect(text).toContain('TOKEN_REPLAYED');
    expect(text).toContain('TOKEN_EXPIRED');
    expect(text).toContain('consumer authenticated');
    expect(text).toContain('"/v1/accounts/acme/authorize"');
    for (const secret of [
      idToken,
      idToken.split('.')[1]!,
      expired,
      sessionToken,
      anon.sessionToken,
      popupAnon.sessionToken,
      anonymousRef,
      ADMIN_KEY,
      'subject-value-77',
      'subject-value-78',
      'claim-value@example.com',
      '99887766',
      'secret-code-123',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('redacts credential fields and authorization headers if anything logs them', async () => {
    const log = captureLog();
    t = await buildTestApp({ logStream: log.stream });
    t.app.log.info(
      {
        body: { idToken: 'tok-1', code: 'code-1', password: 'pw-1' },
        headers: { authorization: 'Bearer tok-2' },
      },
      'x',
    );
    t.app.log.info({ req: { url: '/cb?code=code-2', headers: { authorization: 'Bearer tok-6' } } }, 'z');
    t.app.log.info(
      { sessionToken: 'tok-3', nested: { anonymousSessionToken: 'tok-4', logout_token: 'tok-5' } },
      'y',
    );
    const text = log.text();
    for (const secret of ['tok-1', 'code-1', 'code-2', 'pw-1', 'tok-2', 'tok-3', 'tok-4', 'tok-5', 'tok-6'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('logs an error by name, message, stack and code, never by its other properties', async () => {
    const log = captureLog();
    t = await buildTestApp({ logStream: log.stream });
    // shaped like openid-client's ResponseBodyError: the response body rides on the error
    const body = { access_token: 'body-secret-1', id_token: 'body-secret-2' };
    const err = Object.assign(new Error('token endpoint answered 400', { cause: body }), {
      response: { body: 'body-secret-3' },
      accessToken: 'prop-secret-4',
    });
    t.app.log.error({ err }, 'exchange failed');
    const refused = new ParleyError('CODE_EXCHANGE_FAILED', 'the token endpoint refused the code', {
      cause: Object.assign(new TypeError('fetch failed'), { idToken: 'prop-secret-5', code: 'ECONNRESET' }),
    });
    t.app.log.warn({ err: refused }, 'refused');
    const text = log.text();
    for (const secret of [
      'body-secret-1',
      'body-secret-2',
      'body-secret-3',
      'prop-secret-4',
      'prop-secret-5',
    ])
      expect(text).not.toContain(secret);
    const lines = log.chunks.map((line) => JSON.parse(line) as { msg: string; err?: unknown });
    expect(lines.find((line) => line.msg === 'exchange failed')?.err).toMatchObject({
      name: 'Error',
      message: 'token endpoint answered 400',
      stack: expect.stringContaining('token endpoint answered 400'),
    });
    expect(lines.find((line) => line.msg === 'refused')?.err).toMatchObject({
      name: 'ParleyError',
      errorCode: 'CODE_EXCHANGE_FAILED',
      cause: { name: 'TypeError', message: 'fetch failed', errorCode: 'ECONNRESET' },
    });
  });

  it('applies the same redaction and URL stripping to a logger instance given by the entry point', async () => {
    const log = captureLog();
    const base = await buildTestApp();
    await base.app.close();
    const app = await buildApp({
      config: base.config,
      stores: createMemoryStores({ clock: base.clock }),
      idpHttp: createFakeIdpHttp(),
      clock: base.clock,
      logger: pino({ level: 'info' }, log.stream),
    });
    await app.inject({ method: 'GET', url: '/healthz?code=query-secret-1' });
    app.log.info({ body: { idToken: 'tok-7' }, headers: { authorization: 'Bearer tok-8' } }, 'w');
    await app.close();
    const text = log.text();
    expect(text).toContain('"url":"/healthz"');
    for (const secret of ['query-secret-1', 'tok-7', 'tok-8']) expect(text).not.toContain(secret);
  });
});
