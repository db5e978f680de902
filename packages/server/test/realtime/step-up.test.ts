import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CONTINUES_ELSEWHERE_TEXT } from '@parley/core';
import { startRealtimeServer, type RealtimeServer, type TestSocket } from './harness.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer({ realtime: { rateLimit: { burst: 500, perSecond: 500 } } });
});
afterAll(async () => t.close());

async function say(s: TestSocket, text: string): Promise<{ conversationId: string; seq: number }> {
  const clientMessageId = randomUUID();
  s.send({ type: 'message.send', clientMessageId, text });
  const ack = await s.next((f) => f.type === 'message.ack' && f.clientMessageId === clientMessageId);
  return { conversationId: ack.conversationId as string, seq: ack.seq as number };
}

const about = (type: string, conversationId: string) => (f: Record<string, unknown>) =>
  f.type === type &&
  ((f.conversation as { id?: string } | undefined)?.id === conversationId ||
    f.conversationId === conversationId);

describe('step-up when the authenticated consumer already has an open conversation', () => {
  it('keeps the stepped-up conversation open, closes the older one with a system message, and loses no message', async () => {
    // device B: already signed in, with an open conversation an agent accepted
    const signedIn = await t.login('two-devices');
    const deviceB = await t.consumer();
    await deviceB.auth(signedIn.sessionToken);
    const older = await say(deviceB, 'from the phone');
    const ana = await t.agent();
    await ana.auth((await t.agentLogin('acme', 'ana@acme.example')).sessionToken);
    ana.send({ type: 'conversation.accept', conversationId: older.conversationId });
    await ana.next(about('consumer.profile', older.conversationId));

    // device A: anonymous, chatting, then signs in as the same person
    const anon = await t.anonymous();
    const deviceA = await t.consumer();
    await deviceA.auth(anon.sessionToken);
    const live = await say(deviceA, 'from the laptop, before signing in');
    const login = await t.login('two-devices', { anonymousSessionToken: anon.sessionToken });
    expect(login.consumerId).toBe(signedIn.consumerId);

    // device B sees the live conversation arrive, the system message, then its old one closed
    await deviceB.next(about('conversation.opened', live.conversationId));
    const notice = await deviceB.next(
      (f) => about('message.created', older.conversationId)(f) && (f.message as { seq: number }).seq === 2,
    );
    expect(notice.message).toMatchObject({ from: 'system', text: CONTINUES_ELSEWHERE_TEXT, seq: 2 });
    const closed = await deviceB.next(about('conversation.closed', older.conversationId));
    expect(closed.conversation).toMatchObject({ status: 'closed', consumerId: login.consumerId });
    // the agent of the older conversation reads why it ended, and sees it closed
    const toAgent = await ana.next(
      (f) => about('message.created', older.conversationId)(f) && (f.message as { seq: number }).seq === 2,
    );
    expect(toAgent.message).toMatchObject({ from: 'system' });
    await ana.next(about('conversation.closed', older.conversationId));

    // device A re-authenticates and carries on in the same (stepped-up) conversation
    expect(await deviceA.auth(login.sessionToken)).toMatchObject({ consumerId: login.consumerId });
    expect(await say(deviceA, 'signed in now')).toEqual({ conversationId: live.conversationId, seq: 2 });
    // and device B writes into that one too now: one open conversation per consumer
    expect((await say(deviceB, 'phone again')).conversationId).toBe(live.conversationId);

    const history = await t.get('/v1/accounts/acme/consumer/conversations', login.sessionToken);
    const conversations = history.body.conversations as {
      id: string;
      status: string;
      messages: { seq: number; text: string }[];
    }[];
    expect(conversations.filter((c) => c.status !== 'closed').map((c) => c.id)).toEqual([
      live.conversationId,
    ]);
    const byId = new Map(conversations.map((c) => [c.id, c]));
    expect(byId.get(older.conversationId)?.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'from the phone'],
      [2, CONTINUES_ELSEWHERE_TEXT],
    ]);
    expect(byId.get(live.conversationId)?.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'from the laptop, before signing in'],
      [2, 'signed in now'],
      [3, 'phone again'],
    ]);
  });

  it('closes nothing when the authenticated consumer had no open conversation', async () => {
    const signedIn = await t.login('one-device');
    const other = await t.consumer();
    await other.auth(signedIn.sessionToken);
    const anon = await t.anonymous();
    const s = await t.consumer();
    await s.auth(anon.sessionToken);
    const live = await say(s, 'hello');
    await t.login('one-device', { anonymousSessionToken: anon.sessionToken });
    await other.next(about('conversation.opened', live.conversationId));
    await s.auth((await t.login('one-device')).sessionToken);
    expect(await say(s, 'still here')).toEqual({ conversationId: live.conversationId, seq: 2 });
    expect(other.ofType('conversation.closed')).toEqual([]);
  });
});
