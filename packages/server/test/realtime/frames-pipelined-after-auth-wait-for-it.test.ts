import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '@parley/protocol';
import { MAX_BYTES_BEFORE_AUTH, MAX_FRAMES_BEFORE_AUTH } from '../../src/ws/connection.ts';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

let t: RealtimeServer;
afterEach(async () => t?.close());

const send = (clientMessageId: string, text = 'hello') => ({ type: 'message.send', clientMessageId, text });

describe('frames sent after auth but before auth.ok', () => {
  it('run in order once the socket is authenticated instead of closing it 4401', async () => {
    t = await startRealtimeServer();
    const { sessionToken } = await t.anonymous();
    const socket = await t.consumer();
    const first = randomUUID();
    const second = randomUUID();
    // one tick: the server receives all three before the auth has been verified
    socket.send({ type: 'auth', token: sessionToken });
    socket.send(send(first, 'one'));
    socket.send(send(second, 'two'));
    await socket.next((f) => f.type === 'auth.ok');
    const acks = [
      await socket.next((f) => f.type === 'message.ack'),
      await socket.next((f) => f.type === 'message.ack'),
    ];
    expect(acks.map((a) => a.clientMessageId)).toEqual([first, second]);
    expect(acks.map((a) => a.seq)).toEqual([1, 2]);
    expect(socket.ofType('auth.ok')).toHaveLength(1);
    expect(socket.closeCode).toBeNull();
    // the queue order held: auth.ok came before the first ack
    const types = socket.frames.map((f) => f.type);
    expect(types.indexOf('auth.ok')).toBeLessThan(types.indexOf('message.ack'));
  });

  it('answer a pipelined invalid frame with an error frame once authenticated', async () => {
    t = await startRealtimeServer();
    const { sessionToken } = await t.anonymous();
    const socket = await t.consumer();
    socket.send({ type: 'auth', token: sessionToken });
    socket.send({ type: 'message.send', id: 'x1' });
    await socket.next((f) => f.type === 'auth.ok');
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'REQUEST_INVALID', id: 'x1' });
    expect(socket.closeCode).toBeNull();
  });

  it('are dropped with the socket when the auth fails: close 4401, nothing stored', async () => {
    t = await startRealtimeServer();
    const socket = await t.consumer();
    socket.send({ type: 'auth', token: 'not-a-session-token' });
    socket.send(send(randomUUID()));
    expect(await socket.waitClose()).toBe(WS_CLOSE.UNAUTHORIZED);
    expect(socket.ofType('message.ack')).toEqual([]);
  });

  it('still close 4401 when no auth was sent first', async () => {
    t = await startRealtimeServer();
    const socket = await t.consumer();
    socket.send(send(randomUUID()));
    expect(await socket.waitClose()).toBe(WS_CLOSE.UNAUTHORIZED);
  });

  it(`are bounded: more than ${MAX_FRAMES_BEFORE_AUTH} frames behind a pending auth close the socket 1008`, async () => {
    t = await startRealtimeServer();
    const { sessionToken } = await t.anonymous();
    const socket = await t.consumer();
    socket.send({ type: 'auth', token: sessionToken });
    for (let i = 0; i <= MAX_FRAMES_BEFORE_AUTH; i++) socket.send({ type: 'typing' });
    expect(await socket.waitClose()).toBe(WS_CLOSE.POLICY);
  });

  it(`are bounded: more than ${MAX_BYTES_BEFORE_AUTH / 1024} KB behind a pending auth close the socket 1008`, async () => {
    t = await startRealtimeServer();
    const { sessionToken } = await t.anonymous();
    const socket = await t.consumer();
    socket.send({ type: 'auth', token: sessionToken });
    const text = 'x'.repeat(MAX_BYTES_BEFORE_AUTH / 2);
    socket.send(send(randomUUID(), text));
    socket.send(send(randomUUID(), text));
    expect(await socket.waitClose()).toBe(WS_CLOSE.POLICY);
    expect(socket.ofType('message.ack')).toEqual([]);
  });
});
