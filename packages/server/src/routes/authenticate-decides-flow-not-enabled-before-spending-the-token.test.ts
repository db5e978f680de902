import { afterEach, describe, expect, it } from 'vitest';
import { epochSeconds, parseConfig, type Flow, type Stores } from '@parley/core';
import {
  TEST_CLIENT_ID,
  TEST_ISSUER,
  createFakeClock,
  createFakeIdpHttp,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  type FakeClock,
  type TestSigningKey,
} from '@parley/core/testing';
import { createMemoryStores } from '@parley/storage';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';

// One replay cache outlives a config change (Redis, SQL): a token refused because the
// connector's flows were wrong must still be usable once they are right.
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function appWith(stores: Stores, clock: FakeClock, key: TestSigningKey, flows: Flow[]) {
  const config = parseConfig({
    storage: { driver: 'memory' },
    security: { rateLimits: false },
    accounts: [
      {
        id: 'acme',
        connectors: [
          {
            id: 'main',
            issuer: TEST_ISSUER,
            clientId: TEST_CLIENT_ID,
            publicKeys: [key.publicJwk],
            redirectUris: ['https://www.acme.example/cb'],
            tokenEndpoint: 'https://login.acme.example/token',
            clientSecret: 'brand-client-secret',
            flows,
          },
        ],
      },
    ],
  });
  const app = await buildApp({ config, stores, idpHttp: createFakeIdpHttp(), clock, logger: false });
  apps.push(app);
  return (idToken: string) =>
    app.inject({ method: 'POST', url: '/v1/accounts/acme/authenticate', payload: { idToken } });
}

describe('POST /authenticate (implicit) on a connector without the implicit flow', () => {
  it('answers 403 FLOW_NOT_ENABLED without spending the token: the same jti logs in once the flow is enabled, then is a replay', async () => {
    const clock = createFakeClock();
    const stores = createMemoryStores({ clock });
    const key = await generateSigningKey('ES256');
    const idToken = await mintToken(key, idTokenClaims(epochSeconds(clock), { jti: 'once' }));

    const codeOnly = await appWith(stores, clock, key, ['code']);
    const refused = await codeOnly(idToken);
    expect({ status: refused.statusCode, code: refused.json().code }).toEqual({
      status: 403,
      code: 'FLOW_NOT_ENABLED',
    });

    const implicit = await appWith(stores, clock, key, ['implicit', 'code']);
    expect((await implicit(idToken)).statusCode).toBe(200);
    const replayed = await implicit(idToken);
    expect({ status: replayed.statusCode, code: replayed.json().code }).toEqual({
      status: 401,
      code: 'TOKEN_REPLAYED',
    });
  });
});
