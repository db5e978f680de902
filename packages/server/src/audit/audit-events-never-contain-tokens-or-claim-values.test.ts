import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '@parley/storage';
import type { Stores } from '@parley/core';
import { ADMIN_KEY, buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await t?.app.close();
  await stores?.close();
});

const AGENT = { email: 'ana.agent@acme.example', password: 'agent-password-value-1' };

describe('audit events', () => {
  it('record real logins, failures, step-up, logout, agent logins and logout and an export with ids and codes only', async () => {
    t = await buildTestApp({
      stores: (clock) => (stores = openSqliteStores({ path: ':memory:', clock })),
      config: { agents: [{ account: 'acme', name: 'Ana', ...AGENT }] },
    });
    const anon = (await t.post('anonymous', {})).json();
    const idToken = await t.mint({
      sub: 'subject-value-77',
      name: 'Claim Name Value',
      email: 'claim-value@example.com',
      account_number: '99887766',
      sid: 'brand-sid-value-5',
    });
    const ok = await t.post('authenticate', { idToken, anonymousSessionToken: anon.sessionToken });
    expect(ok.statusCode).toBe(200);
    const { sessionToken, consumerId } = ok.json();
    expect((await t.post('authenticate', { idToken })).json().code).toBe('TOKEN_REPLAYED');
    const now = Math.floor(t.clock.now() / 1000);
    const expired = await t.mint({ sub: 'subject-value-78', exp: now - 3600, iat: now - 4000 });
    expect((await t.post('authenticate', { idToken: expired })).json().code).toBe('TOKEN_EXPIRED');
    const garbage = 'garbage-token-value-9';
    const unknownConnector = 'connector-text-value-3';
    await t.post('authenticate', { idToken: garbage, connector: unknownConnector });
    await t.post('logout', undefined, { headers: { authorization: `Bearer ${sessionToken}` } });
    const agent = await t.post('agents/login', AGENT);
    expect(agent.statusCode).toBe(200);
    const agentBearer = { headers: { authorization: `Bearer ${agent.json().sessionToken}` } };
    expect((await t.post('agents/logout', undefined, agentBearer)).statusCode).toBe(204);
    expect((await t.post('agents/login', { ...AGENT, password: 'wrong-password-value-2' })).statusCode).toBe(
      401,
    );
    await t.app.inject({
      method: 'GET',
      url: `/v1/admin/accounts/acme/consumers/${consumerId}/export`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });

    const events = await t.stores.audit.list('acme', { limit: 100 });
    expect(events.map((e) => e.type).sort()).toEqual([
      'admin.consumer_exported',
      'agent.login',
      'agent.login_failed',
      'agent.logout',
      'consumer.login',
      'consumer.login_failed',
      'consumer.login_failed',
      'consumer.login_failed',
      'consumer.logout',
      'consumer.step_up',
    ]);
    expect(events.filter((e) => e.code).map((e) => e.code)).toEqual(
      expect.arrayContaining([
        'TOKEN_REPLAYED',
        'TOKEN_EXPIRED',
        'CONNECTOR_NOT_FOUND',
        'AGENT_CREDENTIALS_INVALID',
      ]),
    );
    const text = JSON.stringify(events);
    for (const secret of [
      idToken,
      ...idToken.split('.'),
      expired.split('.')[1]!,
      garbage,
      unknownConnector,
      sessionToken,
      anon.sessionToken,
      agent.json().sessionToken,
      ADMIN_KEY,
      'subject-value-77',
      'subject-value-78',
      'Claim Name Value',
      'claim-value@example.com',
      '99887766',
      'brand-sid-value-5',
      AGENT.email,
      AGENT.password,
      'wrong-password-value-2',
      '127.0.0.1',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
