import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/storage.ts';
import { FlakyWebSocket, accept, agentSays, record, useSdkTestServer, until } from './harness.ts';

const t = useSdkTestServer();

/** A connected client whose first message, 'one', agent Ana accepted. */
async function acceptedConversation() {
  const client = t.client();
  const messages = record(client, 'message');
  await client.connect();
  const { conversationId } = await client.send('one');
  const ana = await t.agent();
  await accept(ana, conversationId);
  return { client, messages, conversationId, ana };
}

describe('a dropped connection', () => {
  it('reconnects, authenticates first, resumes from the last seq: every message once, in order', async () => {
    const client = t.client();
    const messages = record(client, 'message');
    const connection = record(client, 'connection');
    await client.connect();
    const { conversationId } = await client.send('before the tunnel');
    const ana = await t.agent();
    await accept(ana, conversationId);
    await agentSays(ana, conversationId, 'reply 2');
    await until(() => messages.length === 2, 'first two messages');

    // the network silently loses frames, then the connection dies
    const doomed = FlakyWebSocket.latest();
    doomed.lose();
    for (const text of ['lost 3', 'lost 4', 'lost 5']) await agentSays(ana, conversationId, text);
    const pending = client.send('typed in the tunnel'); // its ack is lost too
    await new Promise((resolve) => setTimeout(resolve, 50));
    doomed.cut();

    const ack = await pending;
    await until(() => messages.length === 6, 'the resumed messages');
    await agentSays(ana, conversationId, 'after the tunnel');
    await until(() => messages.length === 7, 'a live message after the resume');

    expect(messages.map((m) => m.message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(messages.map((m) => m.message.text)).toEqual([
      'before the tunnel',
      'reply 2',
      'lost 3',
      'lost 4',
      'lost 5',
      'typed in the tunnel',
      'after the tunnel',
    ]);
    expect(ack).toMatchObject({ conversationId, seq: 6 });
    expect(connection).toContain('reconnecting');
    expect(connection.at(-1)).toBe('open');
    expect(FlakyWebSocket.latest()).not.toBe(doomed);
  });

  it('resends an unacked message after a reload: acked once, same messageId, stored once', async () => {
    const storage = createMemoryStorage();
    const first = t.client({ storage });
    await first.connect();
    const ack = await first.send('sent just before the page reloaded');
    first.close();
    // the page reloaded before the ack arrived: the outbox still holds the message
    await storage.setItem(
      'parley:acme:outbox',
      JSON.stringify([{ clientMessageId: ack.clientMessageId, text: 'sent just before the page reloaded' }]),
    );

    const reloaded = t.client({ storage });
    const acks = record(reloaded, 'ack');
    const messages = record(reloaded, 'message');
    await reloaded.connect();
    await until(() => acks.length === 1, 'the ack of the resent message');
    expect(acks[0]).toEqual(ack);
    // resume from the stored last seq: the message is not delivered again either
    const later = await reloaded.send('and one more');
    expect(later.seq).toBe(2);
    await until(() => messages.length === 1, 'the new message');
    expect(messages.map((m) => m.message.seq)).toEqual([2]);

    const history = await reloaded.history();
    const texts = history.conversations.flatMap((c) => c.messages.map((m) => m.text));
    expect(texts).toEqual(['sent just before the page reloaded', 'and one more']);
    expect(await storage.getItem('parley:acme:outbox')).toBe('[]');
  });

  it('fills a gap with resume when a live frame was lost, on the same socket', async () => {
    const { messages, conversationId, ana } = await acceptedConversation();
    await until(() => messages.length === 1, 'first');
    // lose one live frame but keep the socket: the next live message reveals the gap
    const socket = FlakyWebSocket.latest();
    socket.lose();
    await agentSays(ana, conversationId, 'two (lost)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.heal();
    await agentSays(ana, conversationId, 'three');
    await until(() => messages.length === 3, 'the gap filled');
    expect(messages.map((m) => m.message.seq)).toEqual([1, 2, 3]);
    expect(socket).toBe(FlakyWebSocket.latest());
  });

  it('delivers a message frame that arrives twice only once', async () => {
    const { client, messages, conversationId, ana } = await acceptedConversation();
    FlakyWebSocket.latest().double();
    await agentSays(ana, conversationId, 'two');
    await agentSays(ana, conversationId, 'three');
    const ack = await client.send('four');
    expect(ack.seq).toBe(4);
    await until(() => messages.length >= 4, 'four messages');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages.map((m) => m.message.seq)).toEqual([1, 2, 3, 4]);
  });
});
