import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_FRAME_SCHEMAS,
  CONSUMER_FRAME_TYPES,
  ERROR_CODES,
  type ClientFrameType,
} from '@parley/protocol';
import { parseClientFrame } from '../../src/ws/validate-frame.ts';
import type { TestSocket } from './harness.ts';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

/**
 * Property: random and mutated client frames over a real socket are answered with catalogue
 * `error` frames or valid replies; the socket never closes 1011 and only closes with a code
 * docs/realtime.md lists for what was sent (1008/1009 oversize); an invalid `message.send`
 * stores nothing; and the socket still carries a valid `message.send` afterwards.
 */
/** `PARLEY_FUZZ_RUNS` raises the runs for a deeper search (the default keeps the suite quick). */
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 120);
const AGENT_TYPES = Object.keys(CLIENT_FRAME_SCHEMAS) as ClientFrameType[];

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer({ realtime: { rateLimit: { burst: 100_000, perSecond: 100_000 } } });
});
afterAll(async () => t.close());

const wrongValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 60, '', [], {}),
  fc.string({ maxLength: 300 }),
);

type Mutation = { text: string; base: ClientFrameType };

/** A valid frame of `type` for conversation `conversationId`, then maybe mutated. */
function frames(
  types: readonly ClientFrameType[],
  valid: (type: ClientFrameType) => Record<string, unknown>,
) {
  const mutate = (frame: Record<string, unknown>): fc.Arbitrary<string> => {
    const keys = Object.keys(frame);
    return fc.oneof(
      fc.constant(JSON.stringify(frame)),
      fc.tuple(fc.constantFrom(...keys), wrongValue).map(([k, v]) => JSON.stringify({ ...frame, [k]: v })),
      fc.constantFrom(...keys).map((k) => JSON.stringify({ ...frame, [k]: undefined })),
      fc
        .tuple(fc.string({ maxLength: 12 }), wrongValue)
        .map(([k, v]) => JSON.stringify({ ...frame, [k]: v })),
      fc
        .tuple(fc.constantFrom(...keys), fc.nat({ max: 80_000 }))
        .map(([k, n]) => JSON.stringify({ ...frame, [k]: 'x'.repeat(n) })),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      fc.string({ maxLength: 200 }),
    );
  };
  return fc
    .constantFrom(...types)
    .chain((base) => mutate(valid(base)).map((text): Mutation => ({ text, base })));
}

/** Whether the consumer's or agent's send would have been a stored message (independent of the server's check). */
function isValidSend(text: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const f = v as Record<string, unknown>;
  const short = (x: unknown) => typeof x === 'string' && x.length >= 1 && x.length <= 128;
  const allowed = new Set(['type', 'id', 'clientMessageId', 'text', 'conversationId']);
  return (
    f.type === 'message.send' &&
    Object.keys(f).every((k) => allowed.has(k)) &&
    short(f.clientMessageId) &&
    typeof f.text === 'string' &&
    f.text.length >= 1 &&
    f.text.length <= 8000 &&
    (!('id' in f) || short(f.id)) &&
    (!('conversationId' in f) || short(f.conversationId))
  );
}

/** Close codes docs/realtime.md lists for what a client sends: oversize / not text (1008, 1009). */
const LEGITIMATE_CLOSES = [1008, 1009];

interface Side {
  socket: TestSocket;
  /** Ids of every message acknowledged on this side's sockets. */
  acked: Set<string>;
  open(): Promise<TestSocket>;
}

/** A side whose sockets `connect` opens and authenticates with `token` (each reopen too). */
async function authenticatedSide(connect: () => Promise<TestSocket>, token: string): Promise<Side> {
  const open = async () => {
    const socket = await connect();
    expect((await socket.auth(token)).type).toBe('auth.ok');
    return socket;
  };
  return { socket: await open(), open, acked: new Set() };
}

/**
 * Sends the mutated frame, then a sentinel `resume` of an unknown conversation with an id: frames
 * run in order, so its `error` reply means the mutated frame was fully handled.
 */
async function sendAndSettle(side: Side, mutation: Mutation, run: number): Promise<void> {
  const socket = side.socket;
  const before = socket.frames.length;
  socket.ws.send(mutation.text);
  const sentinel = `sentinel-${run}`;
  socket.send({ type: 'resume', conversationId: `none-${run}`, lastSeq: 0, id: sentinel });
  try {
    await socket.next((f) => f.id === sentinel);
  } catch (err) {
    if (socket.closeCode === null) throw err;
    expect(LEGITIMATE_CLOSES, `closed ${socket.closeCode} after ${mutation.text.slice(0, 200)}`).toContain(
      socket.closeCode,
    );
    expect(mutation.text.length).toBeGreaterThan(64 * 1024);
    side.socket = await side.open();
    return;
  }
  for (const frame of socket.frames.slice(before)) {
    if (frame.type === 'error') expect(ERROR_CODES).toContain(frame.code);
    if (frame.type !== 'message.ack') continue;
    expect(isValidSend(mutation.text), mutation.text).toBe(true);
    side.acked.add(frame.messageId as string);
  }
}

/** Ids of the stored messages of `from` in the conversation, through the REST transcript. */
async function storedIds(token: string, conversationId: string, from: string): Promise<string[]> {
  const res = await t.get(
    `/v1/accounts/acme/agent/conversations/${conversationId}/messages?limit=100`,
    token,
  );
  expect(res.status).toBe(200);
  return (res.body.messages as { id: string; from: string }[])
    .filter((m) => m.from === from)
    .map((m) => m.id);
}

/** A valid send still works on the (possibly reopened) socket; everything stored was acknowledged. */
async function expectStillSendsAndNothingUnackedStored(
  side: Side,
  token: string,
  conversationId: string,
  from: string,
) {
  side.socket.send({
    type: 'message.send',
    clientMessageId: randomUUID(),
    text: 'still works',
    conversationId,
    id: 'last',
  });
  const last = await side.socket.next((f) => f.id === 'last');
  expect(last.type).toBe('message.ack');
  side.acked.add(last.messageId as string);
  const stored = await storedIds(token, conversationId, from);
  expect(stored.length).toBeGreaterThanOrEqual(2);
  for (const id of stored) expect(side.acked).toContain(id);
}

describe('random WebSocket frames', () => {
  it('consumer socket: mutated frames get catalogue errors or replies, never 1011, never a stored invalid send', async () => {
    const session = await t.login(`fuzz-${randomUUID()}`);
    const agentSession = await t.agentLogin('acme', 'ana@acme.example');
    const side = await authenticatedSide(() => t.consumer(), session.sessionToken);
    side.socket.send({ type: 'message.send', clientMessageId: randomUUID(), text: 'first' });
    const first = await side.socket.next((f) => f.type === 'message.ack');
    const conversationId = first.conversationId as string;
    side.acked.add(first.messageId as string);
    const valid = (type: ClientFrameType): Record<string, unknown> =>
      ({
        auth: { type, token: session.sessionToken, id: 'a' },
        'message.send': { type, clientMessageId: randomUUID(), text: 'hi', conversationId, id: 'm' },
        resume: { type, conversationId, lastSeq: 0, id: 'r' },
        typing: { type, conversationId },
        read: { type, conversationId, seq: 1, id: 'd' },
      })[type as 'auth'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(frames(CONSUMER_FRAME_TYPES, valid), (m) => sendAndSettle(side, m, run++)),
      { numRuns: RUNS },
    );
    await expectStillSendsAndNothingUnackedStored(
      side,
      agentSession.sessionToken,
      conversationId,
      'consumer',
    );
  });

  it('agent socket: mutated frames of every type never crash it and the socket still sends', async () => {
    const consumer = await t.login(`fuzz-${randomUUID()}`);
    const cs = await t.consumer();
    await cs.auth(consumer.sessionToken);
    cs.send({ type: 'message.send', clientMessageId: randomUUID(), text: 'help' });
    const conversationId = (await cs.next((f) => f.type === 'message.ack')).conversationId as string;
    const agentSession = await t.agentLogin('acme', 'ana@acme.example');
    const side = await authenticatedSide(() => t.agent(), agentSession.sessionToken);
    side.socket.send({ type: 'conversation.accept', conversationId, id: 'acc' });
    await side.socket.next((f) => f.type === 'conversation.assigned');
    const valid = (type: ClientFrameType): Record<string, unknown> => {
      const byType: Record<string, Record<string, unknown>> = {
        auth: { token: agentSession.sessionToken },
        'message.send': { clientMessageId: randomUUID(), text: 'hello', conversationId },
        resume: { conversationId, lastSeq: 0 },
        read: { conversationId, seq: 1 },
        // closing the conversation under test would end the property early: another id
        'conversation.close': { conversationId: randomUUID() },
      };
      return { type, id: 'x', ...(byType[type] ?? { conversationId }) };
    };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(frames(AGENT_TYPES, valid), (m) => sendAndSettle(side, m, run++)),
      { numRuns: RUNS },
    );
    await expectStillSendsAndNothingUnackedStored(side, agentSession.sessionToken, conversationId, 'agent');
  });
});

describe('random frames before auth', () => {
  it('an unauthenticated socket answers random frames with auth.ok, an error or a documented close, never 1011', async () => {
    const session = await t.anonymous();
    const valid = (type: ClientFrameType): Record<string, unknown> =>
      type === 'auth' ? { type, token: session.sessionToken } : { type, clientMessageId: 'c', text: 'hi' };
    await fc.assert(
      fc.asyncProperty(frames(['auth', 'message.send'], valid), async (m) => {
        const socket = await t.consumer();
        socket.ws.send(m.text);
        const reply = await Promise.race([
          socket.next((f) => f.type === 'auth.ok' || f.type === 'error').catch(() => null),
          socket.waitClose(),
        ]);
        if (reply !== null && typeof reply === 'object' && reply.type === 'error')
          expect(ERROR_CODES).toContain(reply.code);
        if (socket.closeCode !== null) expect([...LEGITIMATE_CLOSES, 4401]).toContain(socket.closeCode);
        socket.ws.terminate();
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe('the frame validator', () => {
  it('accepts only frames whose fields are the schema’s, present and of the right type', () => {
    const fieldValue = fc.oneof(wrongValue, fc.nat(), fc.string({ minLength: 1, maxLength: 130 }));
    const candidate = fc.record({
      type: fc.oneof(fc.constantFrom(...AGENT_TYPES), fc.string()),
      fields: fc.dictionary(
        fc.oneof(
          fc.constantFrom('id', 'token', 'clientMessageId', 'text', 'conversationId', 'lastSeq', 'seq'),
          fc.string(),
        ),
        fieldValue,
      ),
    });
    fc.assert(
      fc.property(candidate, ({ type, fields }) => {
        const parsed = parseClientFrame(JSON.stringify({ ...fields, type }), AGENT_TYPES);
        if (!parsed.ok) return;
        const schema = CLIENT_FRAME_SCHEMAS[type as ClientFrameType];
        const properties = schema.properties as Record<string, { type?: string; minimum?: number }>;
        const frame = parsed.frame as unknown as Record<string, unknown>;
        for (const key of schema.required) expect(Object.hasOwn(frame, key)).toBe(true);
        for (const [key, value] of Object.entries(frame)) {
          expect(Object.hasOwn(properties, key), key).toBe(true);
          const want = properties[key]!.type;
          if (want === 'string') expect(typeof value).toBe('string');
          if (want === 'integer') expect(Number.isSafeInteger(value) && (value as number) >= 0).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
