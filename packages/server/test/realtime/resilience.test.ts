import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startRealtimeServer, TestSocket, type RealtimeServer } from './harness.ts';

let t: RealtimeServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('socket resilience', () => {
  it('closes a slow reader (1013) once its send buffer passes the bound, and it resumes without loss', async () => {
    t = await startRealtimeServer({
      realtime: {
        maxBufferedBytes: 64 * 1024,
        closeGraceMs: 300,
        rateLimit: { burst: 1000, perSecond: 1000 },
      },
    });
    const session = await t.login('slow-reader');
    const agentToken = (await t.agentLogin('acme', 'ana@acme.example')).sessionToken;
    const consumer = await t.consumer();
    await consumer.auth(session.sessionToken);
    consumer.send({ type: 'message.send', clientMessageId: randomUUID(), text: 'hi' });
    const { conversationId } = await consumer.next((f) => f.type === 'message.ack');
    const agent = await t.agent();
    await agent.auth(agentToken);
    agent.send({ type: 'conversation.accept', conversationId });
    await agent.next((f) => f.type === 'conversation.assigned');

    const rssBefore = process.memoryUsage().rss;
    (consumer.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // stops reading
    const text = 'x'.repeat(4000);
    // Send until the server drops the reader: how much the kernel buffers before the server-side bound
    // is reached depends on the machine, so the count is not fixed, only capped (40 MB of frames).
    // One message in flight at a time keeps the agent's own buffer far below the bound.
    let total = 0;
    while (t.app.realtime.connectionCount() > 1 && total < 10_000) {
      agent.send({ type: 'message.send', conversationId, clientMessageId: `bulk-${total}`, text });
      await agent.next((f) => f.type === 'message.ack', 20_000);
      total++;
    }
    // the server dropped the slow socket instead of buffering everything for it
    expect(t.app.realtime.connectionCount()).toBe(1);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('parley_ws_slow_reader_closes_total{role="consumer"} 1');
    // what is sent after the drop can only reach the consumer through `resume`
    for (let i = 0; i < 20; i++, total++) {
      agent.send({ type: 'message.send', conversationId, clientMessageId: `bulk-${total}`, text });
      await agent.next((f) => f.type === 'message.ack', 20_000);
    }
    (consumer.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect([1013, 1006]).toContain(await consumer.waitClose());
    const received = consumer.ofType('message.created').map((f) => (f.message as { seq: number }).seq);
    expect(received.length).toBeLessThan(total);
    const lastSeq = Math.max(0, ...received);

    const again = await t.consumer();
    await again.auth(session.sessionToken);
    again.send({ type: 'resume', conversationId, lastSeq });
    await again.next((f) => f.type === 'resume.done', 20_000);
    const replayed = again.ofType('message.created').map((f) => (f.message as { seq: number }).seq);
    expect([...received, ...replayed]).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
    console.info(
      `[realtime] slow reader: closed after ${received.length}/${total + 1} frames with a 64 KiB bound; rss delta ${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(1)} MB`,
    );
  });

  it('terminates a socket that stops answering pings', async () => {
    t = await startRealtimeServer({ realtime: { pingIntervalMs: 100 } });
    const session = await t.anonymous();
    const mute = await TestSocket.open(`${t.wsBase}/v1/accounts/acme/consumer/ws`, { autoPong: false });
    await mute.auth(session.sessionToken);
    const healthy = await t.consumer();
    await healthy.auth(session.sessionToken);
    expect(await mute.waitClose(3000)).toBe(1006);
    expect(healthy.closeCode).toBeNull();
    mute.ws.terminate();
  });

  it('answers RATE_LIMITED per socket beyond its burst, echoing the frame id', async () => {
    t = await startRealtimeServer({ realtime: { rateLimit: { burst: 5, perSecond: 1 } } });
    const session = await t.anonymous();
    const s = await t.consumer();
    await s.auth(session.sessionToken);
    for (let i = 0; i < 10; i++) s.send({ type: 'typing', id: `t${i}` });
    const limited = await s.next((f) => f.type === 'error' && f.code === 'RATE_LIMITED');
    expect(limited.id).toMatch(/^t\d$/);
    expect(s.closeCode).toBeNull();
  });

  it('answers REQUEST_INVALID to a malformed or unknown frame after auth, and agent-only frames from a consumer', async () => {
    t = await startRealtimeServer();
    const session = await t.anonymous();
    const s = await t.consumer();
    await s.auth(session.sessionToken);
    s.ws.send('not json');
    expect(await s.next((f) => f.type === 'error')).toEqual({ type: 'error', code: 'REQUEST_INVALID' });
    s.send({ type: 'message.send', clientMessageId: 'a', text: '', id: 'empty' });
    expect(await s.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'REQUEST_INVALID',
      id: 'empty',
    });
    s.send({ type: 'conversation.accept', conversationId: 'c', id: 'agent-only' });
    expect(await s.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'REQUEST_INVALID',
      id: 'agent-only',
    });
    s.send({ type: 'message.send', clientMessageId: 'a', text: 'hi', extra: 1, id: 'extra' });
    expect(await s.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'REQUEST_INVALID',
      id: 'extra',
    });
  });
});
