import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer, type TestSocket } from './harness.ts';

const CONSUMERS = 100; // 2 devices each: 200 consumer sockets
const PER_SIDE = 15; // messages per conversation from the consumer and from the agent
const TOTAL = CONSUMERS * PER_SIDE * 2; // 3000

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer({
    realtime: { authTimeoutMs: 30_000, rateLimit: { burst: 10_000, perSecond: 10_000 } },
  });
});
afterAll(async () => t.close());

describe('soak (bounded)', () => {
  it(
    `${CONSUMERS * 2} sockets, ${TOTAL} messages: none lost, none duplicated, seq contiguous`,
    { timeout: 120_000 },
    async () => {
      const rssStart = process.memoryUsage().rss;
      const agentToken = (await t.agentLogin('acme', 'ana@acme.example')).sessionToken;
      const agent = await t.agent();
      await agent.auth(agentToken);
      const consumers: { devices: TestSocket[]; conversationId: string }[] = [];
      for (let i = 0; i < CONSUMERS; i++) {
        const session = await t.login(`soak-${i}`);
        const devices = [await t.consumer(), await t.consumer()];
        for (const d of devices) await d.auth(session.sessionToken);
        devices[0]?.send({ type: 'message.send', clientMessageId: `c${i}-0`, text: 'start' });
        const ack = await devices[0]!.next((f) => f.type === 'message.ack');
        consumers.push({ devices, conversationId: ack.conversationId as string });
        agent.send({ type: 'conversation.accept', conversationId: ack.conversationId });
        // what was said before the accept: the agent asks for it, as the workspace does
        agent.send({ type: 'resume', conversationId: ack.conversationId, lastSeq: 0 });
      }
      const started = performance.now();
      for (let m = 1; m < PER_SIDE * 2; m++) {
        consumers.forEach(({ devices, conversationId }, i) => {
          if (m % 2 === 0)
            devices[m % 4 === 0 ? 0 : 1]!.send({
              type: 'message.send',
              clientMessageId: `c${i}-${m}`,
              text: `c ${m}`,
            });
          else
            agent.send({
              type: 'message.send',
              conversationId,
              clientMessageId: `a${i}-${m}`,
              text: `a ${m}`,
            });
        });
      }
      // a few retries of already-sent ids: acked again, never stored twice
      consumers
        .slice(0, 10)
        .forEach(({ devices }, i) =>
          devices[0]!.send({ type: 'message.send', clientMessageId: `c${i}-2`, text: 'c 2' }),
        );
      const perConversation = PER_SIDE * 2;
      await expect
        .poll(() => agent.ofType('message.created').length, { timeout: 90_000, interval: 100 })
        .toBe(TOTAL);
      for (const { devices } of consumers) {
        for (const d of devices) {
          await expect
            .poll(() => d.ofType('message.created').length, { timeout: 30_000 })
            .toBe(perConversation);
        }
      }
      const elapsed = (performance.now() - started) / 1000;
      for (const { devices, conversationId } of consumers) {
        for (const d of devices) {
          const seqs = d.ofType('message.created').map((f) => (f.message as { seq: number }).seq);
          expect(seqs).toEqual(Array.from({ length: perConversation }, (_, k) => k + 1));
          expect(d.ofType('error')).toEqual([]);
        }
        const agentSeqs = agent
          .ofType('message.created')
          .filter((f) => f.conversationId === conversationId)
          .map((f) => (f.message as { seq: number }).seq);
        expect(agentSeqs).toEqual(Array.from({ length: perConversation }, (_, k) => k + 1));
        expect((await t.stores.conversations.get('acme', conversationId))?.lastSeq).toBe(perConversation);
      }
      expect(agent.ofType('error')).toEqual([]);
      const rss = process.memoryUsage().rss;
      console.info(
        `[realtime] soak: ${CONSUMERS * 2 + 1} sockets, ${TOTAL} messages (${TOTAL * 3} deliveries) in ${elapsed.toFixed(2)} s` +
          ` = ${(TOTAL / elapsed).toFixed(0)} msg/s; rss ${(rssStart / 1e6).toFixed(0)} → ${(rss / 1e6).toFixed(0)} MB`,
      );
    },
  );
});
