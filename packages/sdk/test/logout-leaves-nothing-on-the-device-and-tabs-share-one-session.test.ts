import { describe, expect, it } from 'vitest';
import { TestSocket } from '@parley/server/testing';
import { createMemoryStorage } from '../src/storage.ts';
import type { TokenContext } from '../src/types.ts';
import { nextEvent, record, useSdkTestServer, until } from './harness.ts';

const t = useSdkTestServer();

const KEYS = ['session', 'conversations', 'outbox'].map((key) => `parley:acme:${key}`);

describe('logout', () => {
  it('revokes the session on the server and wipes session, transcript and outbox on the device', async () => {
    const storage = createMemoryStorage();
    const client = t.client({
      storage,
      getToken: async () => ({ idToken: await t.mint({ sub: 'shared-pc' }) }),
    });
    await client.connect();
    await client.send('my account number is on this screen');
    await until(() => client.transcript().length === 1, 'transcript cached');
    const token = (
      JSON.parse((await storage.getItem('parley:acme:session')) ?? '{}') as { sessionToken: string }
    ).sessionToken;
    for (const key of KEYS) expect(await storage.getItem(key)).not.toBeNull();
    const states = record(client, 'authState');

    await client.logout();

    for (const key of KEYS) expect(await storage.getItem(key)).toBeNull();
    expect(client.transcript()).toEqual([]);
    expect(client.state).toEqual({ authenticated: false, connection: 'closed', lastSeq: 0 });
    expect(states).toEqual([{ state: 'logged_out' }]);
    // the old token is refused everywhere
    const history = await fetch(`${t.platformUrl}/v1/accounts/acme/consumer/conversations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(history.status).toBe(401);
    const socket = await TestSocket.open(
      `${t.platformUrl.replace('http', 'ws')}/v1/accounts/acme/consumer/ws`,
    );
    socket.send({ type: 'auth', token });
    expect(await socket.waitClose()).toBe(4401);
  });

  it('the next person on the device starts from nothing', async () => {
    const storage = createMemoryStorage();
    const first = t.client({ storage });
    await first.connect();
    await first.send('first person');
    await first.logout();

    const next = t.client({ storage });
    const messages = record(next, 'message');
    await next.connect();
    expect(next.state).toMatchObject({ lastSeq: 0 });
    expect(next.state.conversationId).toBeUndefined();
    const ack = await next.send('second person');
    expect(ack.seq).toBe(1);
    await until(() => messages.length === 1, 'own message');
    expect(messages.map((m) => m.message.text)).toEqual(['second person']);
  });
});

describe('tabs of one browser', () => {
  it('share one session: the second tab adopts it, gets every event, and follows a logout', async () => {
    const asked: TokenContext[] = [];
    const tabA = t.client({
      getToken: async (ctx) => {
        asked.push(ctx);
        return { idToken: await t.mint({ sub: 'two-tabs' }) };
      },
    });
    const broadcast = nextEvent(tabA, 'session');
    await tabA.connect();
    const shared = await broadcast;
    expect(shared.origin).toBe('local');

    // tab B gets the session through the page's BroadcastChannel, not from the brand
    const tabB = t.client({ storage: createMemoryStorage() });
    const adopted = nextEvent(tabB, 'session');
    tabB.adoptSession(shared.session);
    expect(await adopted).toEqual({ session: shared.session, origin: 'adopted' });
    const messages = record(tabB, 'message');
    await tabB.connect();
    expect(tabB.state).toMatchObject({ consumerId: tabA.state.consumerId, authenticated: true });
    expect(asked).toHaveLength(1);

    await tabA.send('typed in tab A');
    await until(() => messages.length === 1, 'tab B sees tab A message');

    await tabA.logout();
    const gone = nextEvent(tabB, 'session');
    tabB.adoptSession(null);
    expect(await gone).toEqual({ session: null, origin: 'adopted' });
    expect(tabB.state).toEqual({ authenticated: false, connection: 'closed', lastSeq: 0 });
    expect(tabB.transcript()).toEqual([]);
  });
});
