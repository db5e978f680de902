import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '@parley/core';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

// One replay cache outlives a config change (Redis, SQL): a token refused because the
// connector's flows were wrong must still be usable once they are right.
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** An app whose `main` connector has these flows; `over` shares its stores, clock and brand key. */
async function appWith(flows: Flow[], over?: TestApp): Promise<TestApp> {
  const t = await buildTestApp({
    connector: {
      redirectUris: ['https://www.acme.example/cb'],
      tokenEndpoint: 'https://login.acme.example/token',
      clientSecret: 'brand-client-secret',
      flows,
    },
    ...(over ? { clock: over.clock, brandKey: over.brandKey, stores: () => over.stores } : {}),
  });
  apps.push(t.app);
  return t;
}

describe('POST /authenticate (implicit) on a connector without the implicit flow', () => {
  it('answers 403 FLOW_NOT_ENABLED without spending the token: the same jti logs in once the flow is enabled, then is a replay', async () => {
    const codeOnly = await appWith(['code']);
    const idToken = await codeOnly.mint({ jti: 'once' });
    const refused = await codeOnly.post('authenticate', { idToken });
    expect({ status: refused.statusCode, code: refused.json().code }).toEqual({
      status: 403,
      code: 'FLOW_NOT_ENABLED',
    });

    const implicit = await appWith(['implicit', 'code'], codeOnly);
    expect((await implicit.post('authenticate', { idToken })).statusCode).toBe(200);
    const replayed = await implicit.post('authenticate', { idToken });
    expect({ status: replayed.statusCode, code: replayed.json().code }).toEqual({
      status: 401,
      code: 'TOKEN_REPLAYED',
    });
  });
});
