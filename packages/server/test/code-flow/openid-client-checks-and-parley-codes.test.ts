import { beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { buildOpenidConfiguration } from '../../src/idp/build-openid-configuration.ts';
import {
  CODE_IDP_BRAND_REDIRECT,
  BASIC_CLIENT,
  ENCRYPTED_CLIENT,
  buildCodeFlowApp,
  expectProblem,
  jwtPayload,
  useWorld,
  type CodeFlowApp,
} from '../../src/testing/code-flow-fixture.ts';

// openid-client makes the grant and decrypts a JWE with the account's keys, but Parley's
// verifier has the last word: where openid-client refuses an id_token first, the catalogue
// code must still be the verifier's, as for an implicit-flow token. One app per world
// (the IdP fetches the account JWKS once).
const world = useWorld({ encryptedIdTokens: true });
let t: CodeFlowApp;

beforeAll(async () => {
  t = await buildCodeFlowApp(world, {
    connectors: [
      { id: 'plain', ...BASIC_CLIENT },
      { id: 'enc', ...ENCRYPTED_CLIENT, encryption: 'required' },
      { id: 'enc-disabled', ...ENCRYPTED_CLIENT, encryption: 'disabled' },
      { id: 'es256-only', ...BASIC_CLIENT, allowedAlgorithms: ['ES256'] },
    ],
  });
});

const codeFor = async (connectorId: string, login: string) => {
  const clientId = connectorId.startsWith('enc') ? ENCRYPTED_CLIENT.clientId : BASIC_CLIENT.clientId;
  return (await world.idp.obtainCode({ method: 'client_secret_basic', clientId, login })).code;
};

/** openid-client alone, configured exactly as the exchanger configures it. */
async function grantWithOpenidClient(connectorId: string, code: string, accountId = 'acme') {
  const connector = t.app.accounts.get('acme').connectors.connectorById(connectorId);
  const config = await buildOpenidConfiguration({
    accountId,
    connector,
    tokenEndpoint: `${world.idp.issuer}/token`,
    fetch: (url, init) => fetch(url, init as RequestInit),
    allowInsecureIdpUrls: true,
    keyStore: t.stores.keys,
    clock: t.clock,
  });
  return client.genericGrantRequest(config, 'authorization_code', {
    code,
    redirect_uri: CODE_IDP_BRAND_REDIRECT,
  });
}

/** Has the real IdP issue id_tokens that expired two minutes before they are issued. */
async function withExpiredIdTokens<T>(run: () => Promise<T>): Promise<T> {
  const model = (world.idp.provider as unknown as { IdToken: { expiresIn: (...args: unknown[]) => number } })
    .IdToken;
  const original = model.expiresIn;
  model.expiresIn = () => -120;
  try {
    return await run();
  } finally {
    model.expiresIn = original;
  }
}

describe('openid-client decrypts with the account keys', () => {
  it('decrypts the JWE from the token endpoint with the keys of the account it was encrypted to', async () => {
    const tokens = await grantWithOpenidClient('enc', await codeFor('enc', 'iris'));
    expect(tokens.id_token?.split('.')).toHaveLength(5);
    const inner = client.getDecryptedResponses(tokens);
    expect(typeof inner === 'string' && inner.split('.')).toHaveLength(3);
    expect(tokens.claims()?.sub).toBe('iris');
  });

  it('cannot decrypt it with the keys of another account', async () => {
    await expect(grantWithOpenidClient('enc', await codeFor('enc', 'ivan'), 'globex')).rejects.toMatchObject({
      code: 'OAUTH_DECRYPTION_FAILED',
    });
  });

  it('holds no decryption key for a connector with encryption disabled', async () => {
    await expect(grantWithOpenidClient('enc-disabled', await codeFor('enc', 'ines'))).rejects.toMatchObject({
      code: 'OAUTH_UNSUPPORTED_OPERATION',
    });
  });
});

describe("openid-client's own id_token checks do not change the catalogue code", () => {
  it('an id_token already expired at the token endpoint → 401 TOKEN_EXPIRED, though openid-client refuses it first', async () => {
    await withExpiredIdTokens(async () => {
      await expect(grantWithOpenidClient('plain', await codeFor('plain', 'edgar'))).rejects.toMatchObject({
        code: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
      });
      const res = await t.post('authenticate', { code: await codeFor('plain', 'edgar'), connector: 'plain' });
      expectProblem(res, 401, 'TOKEN_EXPIRED');
    });
    expect(jwtPayload(t.idTokens.at(-1)!).exp).toBeLessThan(Date.now() / 1000);
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'edgar')).toBeNull();
  });

  it('an expired id_token inside a JWE → 401 TOKEN_EXPIRED too (decrypted, then refused by Parley)', async () => {
    await withExpiredIdTokens(async () => {
      const res = await t.post('authenticate', { code: await codeFor('enc', 'elsa'), connector: 'enc' });
      expectProblem(res, 401, 'TOKEN_EXPIRED');
    });
    expect(t.idTokens.at(-1)!.split('.')).toHaveLength(5);
  });

  it('an id_token signed with an algorithm the connector does not allow → 401 TOKEN_ALG_NOT_ALLOWED', async () => {
    await expect(
      grantWithOpenidClient('es256-only', await codeFor('es256-only', 'alan')),
    ).rejects.toMatchObject({ code: 'OAUTH_INVALID_RESPONSE' });
    const res = await t.post('authenticate', {
      code: await codeFor('es256-only', 'alan'),
      connector: 'es256-only',
    });
    expectProblem(res, 401, 'TOKEN_ALG_NOT_ALLOWED');
  });

  it('the same IdP and connectors still log in with a valid id_token', async () => {
    const res = await t.post('authenticate', { code: await codeFor('plain', 'vera'), connector: 'plain' });
    expect(res.statusCode, res.body).toBe(200);
  });
});
