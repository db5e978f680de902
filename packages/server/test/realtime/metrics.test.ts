import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer();
});
afterAll(async () => t.close());

/** `name{labels} value` lines of `GET /metrics` as a map. */
async function scrape(): Promise<Map<string, number>> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  const samples = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    const match = /^(parley_(?:ws|messages)_\S+) (\S+)$/.exec(line);
    if (match) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

describe('WebSocket metrics on GET /metrics', () => {
  it('count open sockets by role, frames by type, closes by code, auth failures and stored messages', async () => {
    const session = await t.login('measured');
    const consumer = await t.consumer();
    await consumer.auth(session.sessionToken);
    const agent = await t.agent();
    await agent.auth((await t.agentLogin('acme', 'ana@acme.example')).sessionToken);
    const clientMessageId = randomUUID();
    for (let i = 0; i < 2; i++) {
      // the second one repeats the clientMessageId: acked, not stored again
      consumer.send({ type: 'message.send', clientMessageId, text: 'count me once' });
      await consumer.next((f) => f.type === 'message.ack');
    }
    consumer.send({ type: 'nonsense' });
    await consumer.next((f) => f.type === 'error');
    const intruder = await t.consumer();
    intruder.send({ type: 'auth', token: 'not-a-token' });
    expect(await intruder.waitClose()).toBe(4401);

    // the server sees the close handshake finish just after the client does
    await expect.poll(async () => (await scrape()).get('parley_ws_open_sockets{role="consumer"}')).toBe(1);
    const m = await scrape();
    expect(m.get('parley_ws_open_sockets{role="agent"}')).toBe(1);
    expect(m.get('parley_ws_frames_received_total{role="consumer",type="auth"}')).toBe(2);
    expect(m.get('parley_ws_frames_received_total{role="consumer",type="message.send"}')).toBe(2);
    expect(m.get('parley_ws_frames_received_total{role="consumer",type="invalid"}')).toBe(1);
    expect(m.get('parley_ws_frames_sent_total{role="consumer",type="message.ack"}')).toBe(2);
    expect(m.get('parley_ws_frames_sent_total{role="agent",type="conversation.queued"}')).toBe(1);
    expect(m.get('parley_ws_auth_failures_total{role="consumer"}')).toBe(1);
    expect(m.get('parley_ws_closes_total{role="consumer",code="4401"}')).toBe(1);
    expect(m.get('parley_messages_stored_total{from="consumer"}')).toBe(1);

    agent.ws.close(1000);
    await agent.waitClose();
    await expect.poll(async () => (await scrape()).get('parley_ws_open_sockets{role="agent"}')).toBe(0);
    expect((await scrape()).get('parley_ws_closes_total{role="agent",code="1000"}')).toBe(1);
  });

  it('never carries an id, a token or a text as a label value', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const labelValues = [...body.matchAll(/(\w+)="([^"]*)"/g)]
      .filter(([, name]) => ['role', 'type', 'code', 'from'].includes(name as string))
      .map(([, , value]) => value as string);
    for (const value of labelValues)
      expect(value).toMatch(/^(consumer|agent|system|other|invalid|\d{4}|[a-z_.]+)$/);
  });
});
