import { describe, expect, it } from 'vitest';
import {
  BRAND_ORIGIN,
  CALLBACK_URL,
  buildCodeFlowApp,
  expectProblem,
  jwtPayload,
  useWorld,
  type CodeFlowApp,
} from '../../src/testing/code-flow-fixture.ts';
import {
  anonymousRefFor,
  anonymousSession,
  authorize as authorizeAs,
  callback as callbackAs,
  newBrowser,
  popupToCallback as popupToCallbackAs,
  postedMessage,
} from './popup-browser.ts';

const world = useWorld();

const browser = newBrowser();
const authorize = (t: CodeFlowApp, query: Record<string, string>) => authorizeAs(t, query, browser);
const popupToCallback = (t: CodeFlowApp, login = 'popper', connector = 'basic') =>
  popupToCallbackAs(world, t, browser, login, connector);
const callback = (t: CodeFlowApp, search: string, html = true) => callbackAs(t, search, html, browser);

describe('popup window against a real oidc-provider', () => {
  it('/authorize redirects with code + PKCE S256 + state + nonce to the IdP, redirect_uri = Parley callback', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN });
    expect(res.statusCode).toBe(302);
    const url = new URL(String(res.headers.location));
    expect(url.origin + url.pathname).toBe(`${world.idp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'parley-basic',
      redirect_uri: CALLBACK_URL,
      scope: 'openid profile email',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
  });

  it('the callback posts the session to the opener at the allowed origin only, with a strict page', async () => {
    const t = await buildCodeFlowApp(world);
    const start = await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN });
    const sentNonce = new URL(String(start.headers.location)).searchParams.get('nonce');
    const cb = await world.idp.follow(String(start.headers.location), CALLBACK_URL, 'popper');
    const code = cb.searchParams.get('code')!;
    const res = await callback(t, cb.search);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.body).toContain(`nonce="${/'nonce-([^']+)'/.exec(csp)![1]}"`);
    expect(res.body).not.toContain(code);
    const posted = postedMessage(res.body)!;
    expect(posted.origin).toBe(BRAND_ORIGIN);
    expect(posted.message).toMatchObject({
      type: 'parley:auth',
      authenticated: true,
      consumerId: expect.any(String),
      sessionToken: expect.any(String),
    });
    expect(jwtPayload(t.idTokens[0]!).nonce).toBe(sentNonce);
  });

  it('works for the public client too (PKCE is always used by the popup)', async () => {
    const t = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t, 'pub', 'public');
    expect((await callback(t, cb.search, false)).statusCode).toBe(200);
  });

  it('an origin outside allowedOrigins → 400 REQUEST_INVALID and no redirect; connector without code/pkce → 403', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await authorize(t, { connector: 'basic', origin: 'https://evil.example' });
    expectProblem(res, 400, 'REQUEST_INVALID');
    expect(res.headers.location).toBeUndefined();
    const t2 = await buildCodeFlowApp(world, { connector: { flows: ['implicit'] } });
    expectProblem(await authorize(t2, { connector: 'basic', origin: BRAND_ORIGIN }), 403, 'FLOW_NOT_ENABLED');
  });

  it('state reuse → 401 STATE_INVALID (problem+json, or an HTML page that posts nothing without a known origin)', async () => {
    const t = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t);
    expect((await callback(t, cb.search)).statusCode).toBe(200);
    expectProblem(await callback(t, cb.search, false), 401, 'STATE_INVALID');
    const page = await callback(t, cb.search, true);
    expect(page.statusCode).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(postedMessage(page.body)).toBeNull();
  });

  it('forged or missing state → 401 STATE_INVALID and the code is not exchanged', async () => {
    const t = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t);
    const forged = new URLSearchParams(cb.search);
    forged.set('state', 'forged-state');
    expectProblem(await callback(t, `?${forged}`, false), 401, 'STATE_INVALID');
    forged.delete('state');
    expectProblem(await callback(t, `?${forged}`, false), 401, 'STATE_INVALID');
    expect(t.exchangerCalls).toEqual([]);
  });

  it('a state is bound to its account: another app instance (other store) does not know it', async () => {
    const t = await buildCodeFlowApp(world);
    const other = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t);
    expectProblem(await callback(other, cb.search, false), 401, 'STATE_INVALID');
  });

  it('an expired state → 401 STATE_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t);
    t.clock.advanceSeconds(601);
    expectProblem(await callback(t, cb.search, false), 401, 'STATE_INVALID');
  });

  it('an RFC 6749 error response (access_denied) → 401 CODE_EXCHANGE_FAILED posted as parley:auth-error to the origin', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN });
    const state = new URL(String(res.headers.location)).searchParams.get('state')!;
    const page = await callback(
      t,
      `?${new URLSearchParams({ error: 'access_denied', error_description: 'user said no', state, iss: world.idp.issuer })}`,
    );
    expect(page.statusCode).toBe(401);
    expect(postedMessage(page.body)).toEqual({
      origin: BRAND_ORIGIN,
      message: { type: 'parley:auth-error', code: 'CODE_EXCHANGE_FAILED' },
    });
    expect(page.body).not.toContain('user said no');
  });

  it('an id_token whose nonce is not the state nonce → 401 TOKEN_NONCE_MISMATCH', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN });
    const url = new URL(String(res.headers.location));
    url.searchParams.set('nonce', 'attacker-nonce'); // the code is bound to another nonce
    const cb = await world.idp.follow(url.href, CALLBACK_URL);
    expectProblem(await callback(t, cb.search, false), 401, 'TOKEN_NONCE_MISMATCH');
  });

  it('a callback carrying another issuer (RFC 9207 iss) → 401 STATE_INVALID, the code not exchanged', async () => {
    const t = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t);
    expect(cb.searchParams.get('iss')).toBe(world.idp.issuer); // oidc-provider sends it
    const params = new URLSearchParams(cb.search);
    params.set('iss', 'https://mix-up.example');
    expectProblem(await callback(t, `?${params}`, false), 401, 'STATE_INVALID');
    expect(t.exchangerCalls).toEqual([]);
  });

  it('no iss from an IdP whose discovery advertises authorization_response_iss_parameter_supported → 401 STATE_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    const cb = await popupToCallback(t);
    const params = new URLSearchParams(cb.search);
    params.delete('iss');
    expectProblem(await callback(t, `?${params}`, false), 401, 'STATE_INVALID');
    expect(t.exchangerCalls).toEqual([]);
  });
});

describe('popup step-up (anonymousRef)', () => {
  const anonymous = anonymousSession;
  const logoutSession = (t: CodeFlowApp, token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/logout',
      headers: { authorization: `Bearer ${token}` },
    });
  /** Takes the state record /authorize stored, then puts it back (inspection only). */
  const peekState = async (t: CodeFlowApp, location: string) => {
    const id = new URL(location).searchParams.get('state')!;
    const record = (await t.stores.states.take('acme', id))!;
    await t.stores.states.put(record);
    return record;
  };

  it('merges the anonymous consumer: mergedInto set, anonymous session revoked, its conversation moved', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymous(t);
    const { conversation } = await t.stores.conversations.openOrCreate({
      accountId: 'acme',
      consumerId: anon.consumerId,
      authenticated: false,
      newId: 'conv-anon',
      now: t.clock.now(),
    });
    const start = await authorize(t, {
      connector: 'basic',
      origin: BRAND_ORIGIN,
      anonymousRef: await anonymousRefFor(t, anon.sessionToken),
    });
    expect(start.statusCode, start.body).toBe(302);
    const location = String(start.headers.location);
    expect(location).not.toContain(anon.sessionToken);
    const record = await peekState(t, location);
    expect(JSON.stringify(record)).not.toContain(anon.sessionToken);
    const anonSession = await t.stores.sessions.get(record.anonymousSessionId!);
    expect(anonSession).toMatchObject({ consumerId: anon.consumerId, authenticated: false, revokedAt: null });

    const cb = await world.idp.follow(location, CALLBACK_URL, 'stepper-popup');
    const res = await callback(t, cb.search);
    expect(res.statusCode, res.body).toBe(200);
    const posted = postedMessage(res.body)!;
    expect(posted.message).toMatchObject({ type: 'parley:auth', authenticated: true });
    const consumerId = posted.message.consumerId as string;
    expect(consumerId).not.toBe(anon.consumerId);
    expect((await t.stores.consumers.get('acme', anon.consumerId))?.mergedInto).toBe(consumerId);
    expect((await t.stores.sessions.get(anonSession!.id))?.revokedAt).toEqual(expect.any(Number));
    expect(await t.stores.conversations.get('acme', conversation.id)).toMatchObject({
      consumerId,
      authenticated: true,
    });
    expect(await t.stores.conversations.listByConsumer('acme', anon.consumerId)).toEqual([]);
    expectProblem(await logoutSession(t, anon.sessionToken), 401, 'SESSION_INVALID');
  });

  it('a session logged out after its anonymousRef was issued → 401 SESSION_INVALID at /authorize, no redirect', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymous(t);
    const anonymousRef = await anonymousRefFor(t, anon.sessionToken);
    expect((await logoutSession(t, anon.sessionToken)).statusCode).toBe(204);
    const res = await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN, anonymousRef });
    expectProblem(res, 401, 'SESSION_INVALID');
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('an anonymous session that ended before /callback → 401 SESSION_INVALID, the code not spent, nothing merged', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymous(t);
    const start = await authorize(t, {
      connector: 'basic',
      origin: BRAND_ORIGIN,
      anonymousRef: await anonymousRefFor(t, anon.sessionToken),
    });
    expect(start.statusCode, start.body).toBe(302);
    const cb = await world.idp.follow(String(start.headers.location), CALLBACK_URL, 'late-stepper');
    expect((await logoutSession(t, anon.sessionToken)).statusCode).toBe(204);
    const page = await callback(t, cb.search);
    expect(page.statusCode).toBe(401);
    expect(postedMessage(page.body)).toEqual({
      origin: BRAND_ORIGIN,
      message: { type: 'parley:auth-error', code: 'SESSION_INVALID' },
    });
    expect(t.exchangerCalls).toEqual([]);
    expect((await t.stores.consumers.get('acme', anon.consumerId))?.mergedInto).toBeNull();
  });
});

describe('back-channel logout', () => {
  const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
  const logout = (t: CodeFlowApp, token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });
  const claims = (over: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: world.idp.issuer,
      aud: 'parley-basic',
      iat: now,
      exp: now + 120,
      jti: crypto.randomUUID(),
      sub: 'bob',
      events: { [EVENT]: {} },
      ...over,
    };
  };
  const loginAs = async (t: CodeFlowApp, login: string) => {
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login });
    const res = await t.post('authenticate', { code, connector: 'basic' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { sessionToken: string; consumerId: string };
  };
  const sessionValid = async (t: CodeFlowApp, token: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/accounts/acme/logout',
        headers: { authorization: `Bearer ${token}` },
      })
    ).statusCode === 204;

  it('the real IdP logout (sid) revokes that session → 200, then SESSION_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    const session = await loginAs(t, 'carol');
    const sid = jwtPayload(t.idTokens.at(-1)!).sid as string;
    expect(sid).toEqual(expect.any(String));
    world.target.responses.length = 0;
    await world.idp.backchannelLogout('client_secret_basic', 'carol', sid);
    expect(world.target.responses).toEqual([200]);
    expect(await sessionValid(t, session.sessionToken)).toBe(false);
  });

  it('a logout_token with only sub revokes every session of that consumer; replay → 400 TOKEN_REPLAYED', async () => {
    const t = await buildCodeFlowApp(world);
    const one = await loginAs(t, 'bob');
    const two = await loginAs(t, 'bob');
    const other = await loginAs(t, 'dave');
    const token = await world.idp.sign(claims({ sub: 'bob' }));
    const res = await logout(t, token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await sessionValid(t, one.sessionToken)).toBe(false);
    expect(await sessionValid(t, two.sessionToken)).toBe(false);
    expect(await sessionValid(t, other.sessionToken)).toBe(true);
    expectProblem(await logout(t, token), 400, 'TOKEN_REPLAYED');
  });

  it('with subjectClaim customer_id, a logout_token with only the brand sub revokes the sessions of that sub', async () => {
    const t = await buildCodeFlowApp(world, { connector: { subjectClaim: 'customer_id' } });
    const one = await loginAs(t, 'olga');
    const two = await loginAs(t, 'olga');
    const other = await loginAs(t, 'pete');
    expect(one.consumerId).toBe(two.consumerId);
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'customer-olga')).toMatchObject({
      id: one.consumerId,
    });
    const res = await logout(t, await world.idp.sign(claims({ sub: 'olga' })));
    expect(res.statusCode, res.body).toBe(200);
    expect(await sessionValid(t, one.sessionToken)).toBe(false);
    expect(await sessionValid(t, two.sessionToken)).toBe(false);
    expect(await sessionValid(t, other.sessionToken)).toBe(true);
    // the brand sub is not an identity of this connector: no consumer is looked up or created by it
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'olga')).toBeNull();
  });

  it('with subjectClaim customer_id, the real IdP logout (sub + sid) revokes that session', async () => {
    const t = await buildCodeFlowApp(world, { connector: { subjectClaim: 'customer_id' } });
    const session = await loginAs(t, 'rita');
    const sid = jwtPayload(t.idTokens.at(-1)!).sid as string;
    const other = await loginAs(t, 'sam');
    world.target.responses.length = 0;
    await world.idp.backchannelLogout('client_secret_basic', 'rita', sid);
    expect(world.target.responses).toEqual([200]);
    expect(await sessionValid(t, session.sessionToken)).toBe(false);
    expect(await sessionValid(t, other.sessionToken)).toBe(true);
  });

  it('with subjectClaim customer_id, a logout_token naming a customer_id as sub revokes nothing', async () => {
    const t = await buildCodeFlowApp(world, { connector: { subjectClaim: 'customer_id' } });
    const session = await loginAs(t, 'quinn');
    const res = await logout(t, await world.idp.sign(claims({ sub: 'customer-quinn' })));
    expect(res.statusCode, res.body).toBe(200);
    expect(await sessionValid(t, session.sessionToken)).toBe(true);
  });

  it('a logout_token for an unknown sub → 200, revokes nothing and creates no consumer', async () => {
    const t = await buildCodeFlowApp(world);
    const session = await loginAs(t, 'ivan');
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'nobody-yet')).toBeNull();
    const res = await logout(t, await world.idp.sign(claims({ sub: 'nobody-yet' })));
    expect(res.statusCode, res.body).toBe(200);
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'nobody-yet')).toBeNull();
    expect(await sessionValid(t, session.sessionToken)).toBe(true);
  });

  it('a logout_token with only sid (no sub) revokes just the session of that brand sid', async () => {
    const t = await buildCodeFlowApp(world);
    const session = await loginAs(t, 'frank');
    const sid = jwtPayload(t.idTokens.at(-1)!).sid as string;
    const other = await loginAs(t, 'gina');
    const res = await logout(t, await world.idp.sign(claims({ sub: undefined, sid })));
    expect(res.statusCode, res.body).toBe(200);
    expect(await sessionValid(t, session.sessionToken)).toBe(false);
    expect(await sessionValid(t, other.sessionToken)).toBe(true);
  });

  it('a logout_token with neither sub nor sid is refused and revokes nothing', async () => {
    const t = await buildCodeFlowApp(world);
    const session = await loginAs(t, 'hank');
    expectProblem(await logout(t, await world.idp.sign(claims({ sub: undefined }))), 400, 'TOKEN_MALFORMED');
    expect(await sessionValid(t, session.sessionToken)).toBe(true);
  });

  it('refuses (400, TOKEN_*) a nonce, missing or wrong events, no jti, a bad signature', async () => {
    const t = await buildCodeFlowApp(world);
    const session = await loginAs(t, 'erin');
    const bad = [
      await world.idp.sign(claims({ sub: 'erin', nonce: 'n' })),
      await world.idp.sign(claims({ sub: 'erin', events: undefined })),
      await world.idp.sign(claims({ sub: 'erin', events: { 'http://schemas.openid.net/event/other': {} } })),
      await world.idp.sign(claims({ sub: 'erin', events: { [EVENT]: 'yes' } })),
      await world.idp.sign(claims({ sub: 'erin', events: [EVENT] })),
      await world.idp.sign(claims({ sub: 'erin', jti: undefined })),
    ];
    for (const token of bad) {
      const res = await logout(t, token);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { code: string }).code).toMatch(/^TOKEN_/);
    }
    const tampered = (await world.idp.sign(claims({ sub: 'erin' }))).replace(/\.[^.]+$/, '.AAAA');
    expectProblem(await logout(t, tampered), 400, 'TOKEN_SIGNATURE_INVALID');
    expect(await sessionValid(t, session.sessionToken)).toBe(true);
  });

  it('a missing logout_token → 400 REQUEST_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'foo=bar',
    });
    expectProblem(res, 400, 'REQUEST_INVALID');
  });
});
