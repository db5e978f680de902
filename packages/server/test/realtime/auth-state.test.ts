import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer({ realtime: { expiryWarningMs: 1000 } });
});
afterAll(async () => t.close());

describe('consumer.auth_state reaches agents once per state change', () => {
  it('announces expired once when a session held by three tabs expires', async () => {
    const session = await t.login('three-tabs', { account: 'brief' });
    const tabs = [await t.consumer('brief'), await t.consumer('brief'), await t.consumer('brief')];
    for (const tab of tabs) await tab.auth(session.sessionToken);
    const [first] = tabs;
    first?.send({ type: 'message.send', clientMessageId: randomUUID(), text: 'hi' });
    const ack = await first!.next((f) => f.type === 'message.ack');
    const bo = await t.agent('brief');
    await bo.auth((await t.agentLogin('brief', 'bo@brief.example')).sessionToken);
    bo.send({ type: 'conversation.accept', conversationId: ack.conversationId });
    await bo.next((f) => f.type === 'consumer.profile');

    for (const tab of tabs) expect(await tab.waitClose()).toBe(4401);
    const expired = await bo.next((f) => f.type === 'consumer.auth_state' && f.state === 'expired', 3000);
    expect(expired).toMatchObject({ consumerId: session.consumerId, conversationId: ack.conversationId });
    // every tab's expiry handler has run by now; give a duplicate time to arrive if one were sent
    await new Promise((r) => setTimeout(r, 500));
    expect(bo.ofType('consumer.auth_state').filter((f) => f.state === 'expired')).toHaveLength(1);
  });

  it('announces nothing while the consumer still holds another live session, then expired once', async () => {
    const early = await t.login('two-sessions', { account: 'brief' });
    t.clock.advanceSeconds(1); // the second session ends a second later
    const late = await t.login('two-sessions', { account: 'brief' });
    const [a, b] = [await t.consumer('brief'), await t.consumer('brief')];
    await a!.auth(early.sessionToken);
    await b!.auth(late.sessionToken);
    a!.send({ type: 'message.send', clientMessageId: randomUUID(), text: 'hi' });
    const ack = await a!.next((f) => f.type === 'message.ack');
    const bo = await t.agent('brief');
    await bo.auth((await t.agentLogin('brief', 'bo@brief.example')).sessionToken);
    bo.send({ type: 'conversation.accept', conversationId: ack.conversationId });
    await bo.next((f) => f.type === 'consumer.profile');

    expect(await a!.waitClose()).toBe(4401);
    expect(await b!.waitClose()).toBe(4401);
    await bo.next((f) => f.type === 'consumer.auth_state' && f.state === 'expired', 3000);
    await new Promise((r) => setTimeout(r, 500));
    expect(bo.ofType('consumer.auth_state').filter((f) => f.state === 'expired')).toHaveLength(1);
  });
});
