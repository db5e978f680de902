import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, systemClock, type CodeExchanger, type KeyStore } from '@parley/core';
import { createTestKeyStore } from '@parley/core/testing';
import { parleyFailure } from '../testing/parley-failure.ts';
import { createOpenidCodeExchanger } from './create-openid-code-exchanger.ts';

// A real HTTP token endpoint answering what each test sets: the answers real IdPs give that
// oidc-provider will not (5xx, HTML error pages, a 200 without an id_token).
let server: Server;
let tokenEndpoint: string;
let answer: { status: number; body: string; type?: string } = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume().on('end', () => {
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const CODE = 'code-SECRET-42';

function connector() {
  const config = parseConfig({
    storage: { driver: 'memory' },
    security: { allowInsecureIdpUrls: true },
    accounts: [
      {
        id: 'acme',
        connectors: [
          {
            id: 'c',
            issuer: 'http://127.0.0.1',
            clientId: 'parley',
            clientSecret: 's',
            tokenEndpoint,
            discoveryUrl: 'http://127.0.0.1/.well-known/openid-configuration',
            flows: ['code'],
          },
        ],
      },
    ],
  });
  return config.accounts[0]!.connectors[0]!;
}

const sharedKeys = createTestKeyStore();

function exchangerWith(keyStore: KeyStore = sharedKeys): CodeExchanger {
  return createOpenidCodeExchanger({
    endpoints: {
      resolve: async () => ({
        authorizationEndpoint: undefined,
        tokenEndpoint,
        issParameterSupported: false,
      }),
    },
    allowInsecureIdpUrls: true,
    keyStore,
    clock: systemClock,
  });
}

const failure = (exchanger = exchangerWith()) =>
  parleyFailure(
    exchanger.exchange({ accountId: 'acme', connector: connector(), code: CODE, redirectUri: 'x:/' }),
  );

describe('createOpenidCodeExchanger error mapping', () => {
  it('an OAuth error answer → CODE_EXCHANGE_FAILED, the RFC error and status as private cause, never the code', async () => {
    answer = {
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: `bad ${CODE}` }),
    };
    const refused = await failure();
    expect(refused).toMatchObject({ code: 'CODE_EXCHANGE_FAILED', cause: 'invalid_grant (HTTP 400)' });
    expect(JSON.stringify(refused)).not.toContain(CODE);
  });

  it('a 5xx → IDP_UNAVAILABLE, with an OAuth error body or an HTML page', async () => {
    answer = { status: 503, body: JSON.stringify({ error: 'temporarily_unavailable' }) };
    expect((await failure()).code).toBe('IDP_UNAVAILABLE');
    answer = { status: 502, body: '<html>bad gateway</html>', type: 'text/html' };
    expect((await failure()).code).toBe('IDP_UNAVAILABLE');
  });

  it('a 200 without an id_token, or an error status without an OAuth body → CODE_EXCHANGE_FAILED', async () => {
    answer = { status: 200, body: JSON.stringify({ access_token: 'at', token_type: 'Bearer' }) };
    expect((await failure()).code).toBe('CODE_EXCHANGE_FAILED');
    answer = { status: 401, body: 'nope', type: 'text/plain' };
    expect(await failure()).toMatchObject({
      code: 'CODE_EXCHANGE_FAILED',
      cause: 'invalid_response (HTTP 401)',
    });
  });

  it('hands an id_token openid-client cannot read to Parley’s verifier as received', async () => {
    answer = { status: 200, body: JSON.stringify({ id_token: 'not.a-jwt', token_type: 'Bearer' }) };
    const { idToken } = await exchangerWith().exchange({
      accountId: 'acme',
      connector: connector(),
      code: CODE,
      redirectUri: 'x:/',
    });
    expect(idToken).toBe('not.a-jwt');
  });

  it('builds the configuration (and reads the account keys) once per account and connector', async () => {
    const keyStore = createTestKeyStore();
    let lists = 0;
    const counting: KeyStore = { ...keyStore, list: (owner) => (lists++, keyStore.list(owner)) };
    const exchanger = exchangerWith(counting);
    answer = { status: 400, body: JSON.stringify({ error: 'invalid_grant' }) };
    await failure(exchanger);
    const afterFirst = lists;
    await failure(exchanger);
    expect(afterFirst).toBeGreaterThan(0);
    expect(lists).toBe(afterFirst);
  });
});
