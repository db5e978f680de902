import { beforeAll, describe, expect, it } from 'vitest';
import { s256Challenge } from '@parley/core';
import {
  BRAND_ORIGIN,
  CALLBACK_URL,
  BASIC_CLIENT,
  ENCRYPTED_CLIENT,
  buildCodeFlowApp,
  expectProblem,
  useWorld,
  type CodeFlowApp,
} from '../../src/testing/code-flow-fixture.ts';

// The real oidc-provider encrypts this client's id_tokens (RSA-OAEP-256 / A256GCM) to the
// account JWKS Parley publishes, fetched once through the forwarder: one app for the file.
const world = useWorld({ encryptedIdTokens: true });
let t: CodeFlowApp;
const VERIFIER = 'v'.repeat(43);

beforeAll(async () => {
  t = await buildCodeFlowApp(world, {
    connectors: [
      { id: 'enc-required', ...ENCRYPTED_CLIENT, encryption: 'required' },
      { id: 'enc-optional', ...ENCRYPTED_CLIENT, encryption: 'optional' },
      { id: 'enc-disabled', ...ENCRYPTED_CLIENT, encryption: 'disabled' },
      { id: 'plain-required', ...BASIC_CLIENT, encryption: 'required' },
    ],
  });
});

const encryptedCode = (login: string, codeChallenge?: string) =>
  world.idp.obtainCode({
    method: 'client_secret_basic',
    clientId: ENCRYPTED_CLIENT.clientId,
    login,
    ...(codeChallenge === undefined ? {} : { codeChallenge }),
  });

function jweHeader(token: string): Record<string, unknown> {
  expect(token.split('.')).toHaveLength(5);
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('code flow with id_tokens encrypted to the account key', () => {
  it('encryption required: the token endpoint returns a JWE to the published RSA-OAEP-256 key, and it logs in', async () => {
    const { code } = await encryptedCode('erika');
    const res = await t.post('authenticate', { code, connector: 'enc-required' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ authenticated: true, consumer: { displayName: 'Consumer erika' } });
    expect(jweHeader(t.idTokens.at(-1)!)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    const jwks = await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/.well-known/jwks.json' });
    const published = (jwks.json() as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(published).toContain(jweHeader(t.idTokens.at(-1)!).kid);
  });

  it('encryption optional: an encrypted id_token from a PKCE mobile exchange logs in', async () => {
    const { code } = await encryptedCode('otto', await s256Challenge(VERIFIER));
    const res = await t.post('authenticate', { code, codeVerifier: VERIFIER, connector: 'enc-optional' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('popup window: the encrypted id_token redeemed at the callback carries the state nonce and logs in', async () => {
    const start = await t.app.inject({
      method: 'GET',
      url: `/v1/accounts/acme/authorize?${new URLSearchParams({ connector: 'enc-required', origin: BRAND_ORIGIN })}`,
    });
    expect(start.statusCode, start.body).toBe(302);
    const cb = await world.idp.follow(String(start.headers.location), CALLBACK_URL, 'pia');
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/accounts/acme/callback${cb.search}`,
      // the popup cookie /authorize set: the state is bound to this browser
      headers: { accept: 'text/html', cookie: String(start.headers['set-cookie']).split(';')[0]! },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('"type":"parley:auth"');
    expect(jweHeader(t.idTokens.at(-1)!)).toMatchObject({ alg: 'RSA-OAEP-256' });
  });

  it('encryption required refuses a plain JWS from the token endpoint → 401 TOKEN_ENCRYPTION_REQUIRED', async () => {
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login: 'plain' });
    const res = await t.post('authenticate', { code, connector: 'plain-required' });
    expectProblem(res, 401, 'TOKEN_ENCRYPTION_REQUIRED');
    expect(t.idTokens.at(-1)!.split('.')).toHaveLength(3);
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'plain')).toBeNull();
  });

  it('encryption disabled refuses an encrypted id_token → 401 TOKEN_DECRYPTION_FAILED', async () => {
    const { code } = await encryptedCode('dora');
    expectProblem(
      await t.post('authenticate', { code, connector: 'enc-disabled' }),
      401,
      'TOKEN_DECRYPTION_FAILED',
    );
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'dora')).toBeNull();
  });
});
