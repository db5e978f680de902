import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStores } from '@parley/storage';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer();
});
afterAll(async () => t.close());

const logout = (server: RealtimeServer, account: string, token?: string) =>
  server.post(
    `/v1/accounts/${account}/agents/logout`,
    undefined,
    token === undefined ? {} : { authorization: `Bearer ${token}` },
  );

describe('agent logout', () => {
  it('revokes that session: its sockets close 4401, REST and new sockets refuse it; other sessions live on', async () => {
    const session = await t.agentLogin('acme', 'ana@acme.example');
    const other = await t.agentLogin('acme', 'ana@acme.example'); // e.g. another browser
    const [tab1, tab2, elsewhere] = [await t.agent(), await t.agent(), await t.agent()];
    await tab1!.auth(session.sessionToken);
    await tab2!.auth(session.sessionToken);
    await elsewhere!.auth(other.sessionToken);

    expect((await logout(t, 'acme', session.sessionToken)).status).toBe(204);
    expect(await tab1!.waitClose()).toBe(4401);
    expect(await tab2!.waitClose()).toBe(4401);

    const rest = await t.get('/v1/accounts/acme/agent/conversations', session.sessionToken);
    expect(rest).toMatchObject({ status: 401, body: { code: 'SESSION_INVALID' } });
    const late = await t.agent();
    late.send({ type: 'auth', token: session.sessionToken });
    expect(await late.waitClose()).toBe(4401);
    expect(await logout(t, 'acme', session.sessionToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_INVALID' },
    });

    expect((await t.get('/v1/accounts/acme/agent/conversations', other.sessionToken)).status).toBe(200);
    elsewhere!.send({ type: 'resume', conversationId: 'unknown', lastSeq: 0 });
    expect(await elsewhere!.next((f) => f.type === 'error')).toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    expect(elsewhere!.closeCode).toBeNull();
  });

  it('records agent.logout with the agent id only, in the account of the session', async () => {
    const session = await t.agentLogin('acme', 'ana@acme.example');
    expect((await logout(t, 'acme', session.sessionToken)).status).toBe(204);
    const [event] = await t.stores.audit.list('acme', { limit: 1, type: 'agent.logout' });
    expect(event).toMatchObject({ accountId: 'acme', type: 'agent.logout', agentId: session.agentId });
    expect(Object.keys(event!).sort()).toEqual(['accountId', 'agentId', 'at', 'id', 'type']);
    expect(await t.stores.audit.list('globex', { limit: 1, type: 'agent.logout' })).toEqual([]);
  });

  it('an agent of one account cannot log out a session of another account', async () => {
    const gus = await t.agentLogin('globex', 'gus@globex.example');
    const ana = await t.agentLogin('acme', 'ana@acme.example');
    expect(await logout(t, 'acme', gus.sessionToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_INVALID' },
    });
    expect(await logout(t, 'globex', ana.sessionToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_INVALID' },
    });
    expect((await t.get('/v1/accounts/globex/agent/conversations', gus.sessionToken)).status).toBe(200);
    expect((await t.get('/v1/accounts/acme/agent/conversations', ana.sessionToken)).status).toBe(200);
  });

  it('answers 401 without a Bearer token, and refuses a consumer session token', async () => {
    expect(await logout(t, 'acme')).toMatchObject({ status: 401, body: { code: 'SESSION_INVALID' } });
    const consumer = await t.anonymous();
    expect((await logout(t, 'acme', consumer.sessionToken)).status).toBe(401);
  });

  it('holds across nodes sharing the store: the other node refuses the token and ends its socket', async () => {
    const shared = createMemoryStores();
    const nodeA = await startRealtimeServer({ stores: () => shared });
    const nodeB = await startRealtimeServer({ stores: () => shared });
    try {
      const session = await nodeA.agentLogin('acme', 'ana@acme.example');
      const onB = await nodeB.agent();
      await onB.auth(session.sessionToken);
      expect((await logout(nodeA, 'acme', session.sessionToken)).status).toBe(204);
      // node B's in-process bus never heard of it: the next frame meets the revocation
      onB.send({ type: 'resume', conversationId: 'any', lastSeq: 0 });
      expect(await onB.waitClose()).toBe(4401);
      expect((await nodeB.get('/v1/accounts/acme/agent/conversations', session.sessionToken)).status).toBe(
        401,
      );
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
  });
});
