import { cookieSetBy } from './popup-browser.ts';
import { describe, expect, it } from 'vitest';
import {
  CODE_IDP_SIGNED_USERINFO_CLIENT,
  CODE_IDP_USERINFO_IMPOSTOR_PREFIX,
  codeIdpClaims,
} from '@parley/core/testing';
import {
  ADMIN_API_KEY,
  BASIC_CLIENT,
  BRAND_ORIGIN,
  CALLBACK_URL,
  buildCodeFlowApp,
  expectProblem,
  jwtPayload,
  useWorld,
  type CodeFlowApp,
} from '../../src/testing/code-flow-fixture.ts';

// oidc-provider with its defaults (conformIdTokenClaims: true): in the code flow the id_token
// carries `sub` only, and name, email and lp_sdes come from the UserInfo endpoint.
const world = useWorld({ providerDefaultClaims: true });

const withUserinfo = { connectors: [{ id: 'basic', ...BASIC_CLIENT, userinfo: true }] };

/** An app whose connector `signed` gets signed UserInfo answers, and an IdP code of `login` for it. */
async function signedUserinfoApp(login: string) {
  const t = await buildCodeFlowApp(world, {
    connectors: [{ id: 'signed', ...CODE_IDP_SIGNED_USERINFO_CLIENT, userinfo: true }],
  });
  const { code } = await world.idp.obtainCode({
    method: 'client_secret_basic',
    clientId: CODE_IDP_SIGNED_USERINFO_CLIENT.clientId,
    login,
  });
  return { t, code };
}

interface AdminView {
  claims: Record<string, unknown>;
  sdes: { customerInfo: Record<string, unknown>; personalInfo: Record<string, unknown> };
  profile: { verified: { standard: Record<string, unknown> } };
}

async function adminView(t: CodeFlowApp, consumerId: string): Promise<AdminView> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/admin/accounts/acme/consumers/${consumerId}`,
    headers: { authorization: `Bearer ${ADMIN_API_KEY}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The profile an agent sees carries the IdP's name, email and lp_sdes for `login`. */
async function expectFullProfile(t: CodeFlowApp, consumerId: string, login: string): Promise<void> {
  const view = await adminView(t, consumerId);
  expect(view.profile.verified.standard).toMatchObject({
    name: `Consumer ${login}`,
    email: `${login}@customers.acme.example`,
    email_verified: true,
  });
  expect(view.claims.lp_sdes).toEqual(codeIdpClaims(login).lp_sdes);
  expect(view.sdes.customerInfo).toEqual({
    customerId: `customer-${login}`,
    cstatus: 'gold',
    balance: -12.5,
  });
  expect(view.sdes.personalInfo).toEqual({ firstname: 'Consumer', lastname: login });
}

/** Popup: /authorize (default scopes) → the IdP → /callback; returns the posted session. */
async function popupLogin(t: CodeFlowApp, login: string) {
  const start = await t.app.inject({
    method: 'GET',
    url: `/v1/accounts/acme/authorize?${new URLSearchParams({ connector: 'basic', origin: BRAND_ORIGIN })}`,
  });
  expect(start.statusCode, start.body).toBe(302);
  const location = new URL(String(start.headers.location));
  expect(location.searchParams.get('scope')).toBe('openid profile email');
  const cb = await world.idp.follow(location.href, CALLBACK_URL, login);
  return t.app.inject({
    method: 'GET',
    url: `/v1/accounts/acme/callback${cb.search}`,
    headers: { cookie: cookieSetBy(start) },
  });
}

describe('userinfo: true — claims from the UserInfo endpoint reach the agent profile', () => {
  it('popup: name, email and lp_sdes reach the profile although the id_token has only sub', async () => {
    const t = await buildCodeFlowApp(world, withUserinfo);
    const res = await popupLogin(t, 'poppy');
    expect(res.statusCode, res.body).toBe(200);
    const idToken = jwtPayload(t.idTokens.at(-1)!);
    expect(idToken).not.toHaveProperty('name');
    expect(idToken).not.toHaveProperty('lp_sdes');
    const consumer = (await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'poppy'))!;
    await expectFullProfile(t, consumer.id, 'poppy');
  });

  it('code flow: the same claims, and the displayName comes from UserInfo', async () => {
    const t = await buildCodeFlowApp(world, withUserinfo);
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login: 'cody' });
    const res = await t.post('authenticate', { code, connector: 'basic' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ authenticated: true, consumer: { displayName: 'Consumer cody' } });
    expect(t.exchangerCalls.map((u) => new URL(u).pathname)).toEqual(['/token', '/me']);
    await expectFullProfile(t, res.json().consumerId, 'cody');
  });

  it('PKCE web: the same claims', async () => {
    const t = await buildCodeFlowApp(world, {
      connectors: [{ id: 'basic', ...BASIC_CLIENT, userinfo: true, flows: ['pkce'] }],
    });
    const pkce = (await t.post('pkce', { connector: 'basic' })).json();
    const { code } = await world.idp.obtainCode({
      method: 'client_secret_basic',
      login: 'pixie',
      codeChallenge: pkce.codeChallenge,
    });
    const res = await t.post('authenticate', { code, pkceTransaction: pkce.transaction, connector: 'basic' });
    expect(res.statusCode, res.body).toBe(200);
    await expectFullProfile(t, res.json().consumerId, 'pixie');
  });

  it('a signed UserInfo answer (application/jwt) is verified and its claims reach the profile', async () => {
    const { t, code } = await signedUserinfoApp('sigrid');
    const res = await t.post('authenticate', { code, connector: 'signed' });
    expect(res.statusCode, res.body).toBe(200);
    await expectFullProfile(t, res.json().consumerId, 'sigrid');
  });

  it('a UserInfo answer about another sub → 401 TOKEN_SUBJECT_MISMATCH, no session, no claims stored', async () => {
    const t = await buildCodeFlowApp(world, withUserinfo);
    const login = `${CODE_IDP_USERINFO_IMPOSTOR_PREFIX}ivy`;
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login });
    const res = await t.post('authenticate', { code, connector: 'basic' });
    expectProblem(res, 401, 'TOKEN_SUBJECT_MISMATCH');
    expect(res.body).not.toContain('somebody-else');
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, login)).toBeNull();
  });

  it('a signed UserInfo answer about another sub → 401 TOKEN_SUBJECT_MISMATCH', async () => {
    const { t, code } = await signedUserinfoApp(`${CODE_IDP_USERINFO_IMPOSTOR_PREFIX}sig`);
    expectProblem(await t.post('authenticate', { code, connector: 'signed' }), 401, 'TOKEN_SUBJECT_MISMATCH');
  });
});

describe('userinfo: false (default) with the same IdP', () => {
  it('asks no UserInfo, and the profile holds what the id_token carried: the latest login wins', async () => {
    const t = await buildCodeFlowApp(world, {
      connectors: [
        { id: 'basic', ...BASIC_CLIENT, userinfo: true },
        { id: 'plain', ...BASIC_CLIENT },
      ],
    });
    const first = await world.idp.obtainCode({ method: 'client_secret_basic', login: 'lena' });
    const full = await t.post('authenticate', { code: first.code, connector: 'basic' });
    await expectFullProfile(t, full.json().consumerId, 'lena');
    const calls = t.exchangerCalls.length;
    const second = await world.idp.obtainCode({ method: 'client_secret_basic', login: 'lena' });
    const bare = await t.post('authenticate', { code: second.code, connector: 'plain' });
    expect(bare.json().consumerId).toBe(full.json().consumerId);
    expect(t.exchangerCalls.slice(calls).map((u) => new URL(u).pathname)).toEqual(['/token']);
    // the profile shows the claims of the latest verified login (docs/guides/code-flow.md)
    const view = await adminView(t, bare.json().consumerId);
    expect(view.profile.verified.standard).toEqual({});
    expect(view.claims).not.toHaveProperty('lp_sdes');
  });
});

it('the popup asks for the connector scopes, openid first and once', async () => {
  const t = await buildCodeFlowApp(world, {
    connectors: [{ id: 'basic', ...BASIC_CLIENT, scopes: ['email', 'openid', 'phone', 'email'] }],
  });
  const start = await t.app.inject({
    method: 'GET',
    url: `/v1/accounts/acme/authorize?${new URLSearchParams({ connector: 'basic', origin: BRAND_ORIGIN })}`,
  });
  expect(new URL(String(start.headers.location)).searchParams.get('scope')).toBe('openid email phone');
});
