import WebSocket from 'ws';
import { BENCH_ACCOUNT } from './bench-config.ts';
import { inBatches } from './idle-sockets.ts';
import type { SpawnedServer } from './spawn-server.ts';

/** Agent → consumer delivery latency with `sockets` consumer sockets connected. */
export interface FanoutResult {
  sockets: number;
  conversations: number;
  sent: number;
  received: number;
  /** Frames the server refused (`error`, e.g. RATE_LIMITED): the run is then not comparable. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface FanoutOptions {
  /** Consumer sockets connected (authenticated with anonymous sessions), talkers included. */
  sockets: number;
  /** Consumers that open a conversation, one agent each (≤ sockets, ≤ agents). */
  conversations: number;
  /** Agents of the bench config that accept the conversations. */
  agents: { email: string; password: string }[];
  /** Timed messages (after a warm-up of 10 per conversation), sent at `perSecond`. */
  messages: number;
  perSecond: number;
}

interface Frame {
  type: string;
  [key: string]: unknown;
}

const base = (server: SpawnedServer) => `${server.url}/v1/accounts/${BENCH_ACCOUNT}`;
const wsBase = (server: SpawnedServer) => base(server).replace(/^http/, 'ws');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Opens a socket, sends `auth` and resolves on `auth.ok`. */
function openAuthed(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const onMessage = (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as Frame).type !== 'auth.ok') return;
      ws.off('message', onMessage);
      ws.removeAllListeners('close');
      resolve(ws);
    };
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', onMessage);
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`socket closed ${code} before auth.ok`)));
  });
}

/** Resolves with the first frame on `ws` that `match` accepts. */
function nextFrame(ws: WebSocket, match: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching frame in time')), timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (!match(frame)) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(frame);
    };
    ws.on('message', onMessage);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Creates `sockets` anonymous consumer sessions and connects one authenticated socket each (in
 * batches); the first `conversations` consumers each send a message, one agent per
 * conversation accepts it (two agent sockets each, so the per-socket rate limit of 20 frames/s
 * is not reached at 200/s over 10 agents), then the agents send `messages` messages round-robin
 * at `perSecond`. Latency: agent `message.send` → `message.created` at the consumer socket,
 * both timestamped with `performance.now()` in this process.
 */
export async function measureFanout(server: SpawnedServer, options: FanoutOptions): Promise<FanoutResult> {
  const { conversations } = options;
  if (conversations > options.agents.length || conversations > options.sockets) {
    throw new Error('fan-out: need one agent and one consumer socket per conversation');
  }
  const all: WebSocket[] = [];
  try {
    const sessions: string[] = [];
    await inBatches(
      Array.from({ length: options.sockets }, (_, i) => i),
      64,
      async () => {
        sessions.push(
          (await postJson<{ sessionToken: string }>(`${base(server)}/anonymous`, {})).sessionToken,
        );
      },
    );
    const consumers: WebSocket[] = [];
    await inBatches(sessions, 200, async (token) => {
      const ws = await openAuthed(`${wsBase(server)}/consumer/ws`, token);
      all.push(ws);
      consumers.push(ws);
    });
    const agentSockets: WebSocket[][] = [];
    for (const agent of options.agents.slice(0, conversations)) {
      const { sessionToken } = await postJson<{ sessionToken: string }>(`${base(server)}/agents/login`, {
        email: agent.email,
        password: agent.password,
      });
      const pair = await Promise.all(
        [0, 1].map(() => openAuthed(`${wsBase(server)}/agent/ws`, sessionToken)),
      );
      all.push(...pair);
      agentSockets.push(pair);
    }
    let errors = 0;
    for (const ws of all) {
      ws.on('message', (data) => {
        if ((JSON.parse(data.toString()) as Frame).type === 'error') errors++;
      });
    }
    const conversationIds: string[] = [];
    for (let i = 0; i < conversations; i++) {
      const consumer = consumers[i]!;
      const ack = nextFrame(consumer, (f) => f.type === 'message.ack');
      consumer.send(JSON.stringify({ type: 'message.send', clientMessageId: `open-${i}`, text: 'hello' }));
      const conversationId = (await ack).conversationId as string;
      const agent = agentSockets[i]![0]!;
      const accepted = nextFrame(
        agent,
        (f) => f.type === 'consumer.profile' && f.conversationId === conversationId,
      );
      agent.send(JSON.stringify({ type: 'conversation.accept', conversationId }));
      await accepted;
      conversationIds.push(conversationId);
    }
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (let i = 0; i < conversations; i++) {
      consumers[i]!.on('message', (data) => {
        const at = performance.now();
        const frame = JSON.parse(data.toString()) as Frame & { message?: { clientMessageId?: string } };
        const id = frame.type === 'message.created' ? frame.message?.clientMessageId : undefined;
        const started = id === undefined ? undefined : sentAt.get(id);
        if (started !== undefined && id!.startsWith('m-')) latencies.push(at - started);
      });
    }
    const send = async (prefix: string, count: number) => {
      const start = performance.now();
      for (let k = 0; k < count;) {
        const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * options.perSecond) + 1);
        for (; k < due; k++) {
          const c = k % conversations;
          const ws = agentSockets[c]![Math.floor(k / conversations) % 2]!;
          const clientMessageId = `${prefix}-${k}`;
          sentAt.set(clientMessageId, performance.now());
          ws.send(
            JSON.stringify({
              type: 'message.send',
              conversationId: conversationIds[c],
              clientMessageId,
              text: `message ${k}`,
            }),
          );
        }
        await sleep(2);
      }
    };
    await send('warm', conversations * 10);
    await sleep(500);
    await send('m', options.messages);
    for (let waited = 0; latencies.length < options.messages && waited < 5000; waited += 50) await sleep(50);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      sockets: consumers.filter((ws) => ws.readyState === WebSocket.OPEN).length,
      conversations,
      sent: options.messages,
      received: sorted.length,
      errors,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    };
  } finally {
    for (const ws of all) ws.terminate();
  }
}
