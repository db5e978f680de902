import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createParleyClient } from '../src/client.ts';
import { createMemoryStorage } from '../src/storage.ts';
import type { WebSocketConstructor } from '../src/types.ts';
import { accept, agentSays, nextEvent, record, useSdkTestServer, until } from './harness.ts';

const t = useSdkTestServer();

describe('an anonymous consumer', () => {
  it('gets a session, sends with an ack after storage, and receives the agent reply once', async () => {
    const client = t.client();
    const messages = record(client, 'message');
    await client.connect();
    expect(client.state).toMatchObject({ authenticated: false, connection: 'open', lastSeq: 0 });

    const ack = await client.send('Hello, is anyone there?');
    expect(ack).toMatchObject({ seq: 1 });
    expect(ack.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => messages.length === 1, 'own message echoed');
    expect(client.state).toMatchObject({ conversationId: ack.conversationId, lastSeq: 1 });

    const ana = await t.agent();
    await accept(ana, ack.conversationId);
    await agentSays(ana, ack.conversationId, 'Hi, Ana here');
    await until(() => messages.length === 2, 'agent reply');
    expect(messages.map((m) => [m.message.seq, m.message.from, m.message.text])).toEqual([
      [1, 'consumer', 'Hello, is anyone there?'],
      [2, 'agent', 'Hi, Ana here'],
    ]);
    expect(client.transcript().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('tells the socket its token in the auth frame, never in the URL', async () => {
    const urls: string[] = [];
    const sent: string[] = [];
    class Recording extends WebSocket {
      constructor(url: string) {
        super(url);
        urls.push(url);
      }
      override send(data: string): void {
        sent.push(data);
        super.send(data);
      }
    }
    const client = t.client({ WebSocket: Recording as unknown as WebSocketConstructor });
    const session = await nextEventAfterConnect(client);
    expect(urls).toEqual([`${t.platformUrl.replace('http', 'ws')}/v1/accounts/acme/consumer/ws`]);
    expect(urls[0]).not.toContain(session.sessionToken);
    expect(JSON.parse(sent[0] ?? '{}')).toMatchObject({ type: 'auth', token: session.sessionToken });
  });

  it('keeps unsent messages in the outbox until a socket takes them, in order', async () => {
    const client = t.client();
    await client.anonymous();
    // sent before any socket exists: queued, not lost
    const first = client.send('one');
    const second = client.send('two');
    await client.connect();
    const acks = await Promise.all([first, second]);
    expect(acks.map((a) => a.seq)).toEqual([1, 2]);
    expect(acks[0]?.conversationId).toBe(acks[1]?.conversationId);
  });

  it('is refused on an account that requires authentication, with the catalogue code', async () => {
    const client = t.client({ account: 'locked' });
    const errors = record(client, 'error');
    await expect(client.connect()).rejects.toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
    expect(errors.map((e) => e.code)).toContain('AUTHENTICATION_REQUIRED');
    client.close();
  });

  it('works without the test harness: a plain client with its own storage', async () => {
    const client = createParleyClient({
      platformUrl: t.platformUrl,
      account: 'acme',
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      storage: createMemoryStorage(),
      now: () => t.clock.now(),
    });
    const opened = nextEvent(client, 'connection', (c) => c === 'open');
    await client.connect();
    await opened;
    expect((await client.send('plain')).seq).toBe(1);
    client.close();
  });
});

async function nextEventAfterConnect(client: ReturnType<typeof t.client>) {
  const session = nextEvent(client, 'session');
  await client.connect();
  return (await session).session ?? { sessionToken: 'none' };
}
