import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { generateSigningKey } from '@parley/core/testing';
import type { ServerFrame } from '@parley/protocol';
import {
  AGENT_PASSWORD,
  buildTestApp,
  testConnector,
  TestSocket,
  type RealtimeOptions,
  type TestApp,
} from '@parley/server/testing';
import { createParleyClient } from '../src/client.ts';
import type { ParleyClient, ParleyClientOptions, ParleyEvents, WebSocketLike } from '../src/types.ts';
import { createMemoryStorage, type KeyValueStorage } from '../src/storage.ts';

/**
 * A WebSocket (the `ws` package underneath) whose network can fail on demand: `lose()` silently
 * drops every frame the server sends from then on, `double()` delivers each twice, `cut()` ends
 * the TCP connection abruptly (1006). It injects network faults; the server is the real one.
 */
export class FlakyWebSocket implements WebSocketLike {
  static readonly opened: FlakyWebSocket[] = [];
  private losing = false;
  private doubling = false;
  private readonly ws: WebSocket;
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: never) => void) | null = null;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('open', () => this.onopen?.(undefined as never));
    this.ws.on('message', (data) => {
      if (this.losing) return;
      this.onmessage?.({ data: String(data) });
      if (this.doubling) this.onmessage?.({ data: String(data) });
    });
    this.ws.on('close', (code) => this.onclose?.({ code }));
    this.ws.on('error', () => this.onerror?.(undefined as never));
    FlakyWebSocket.opened.push(this);
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    this.ws.send(data);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }

  lose(): void {
    this.losing = true;
  }

  /** Every frame from the server arrives twice. */
  double(): void {
    this.doubling = true;
  }

  /** Back to a healthy network. */
  heal(): void {
    this.losing = false;
    this.doubling = false;
  }

  cut(): void {
    this.ws.terminate();
  }

  static latest(): FlakyWebSocket {
    const ws = FlakyWebSocket.opened.at(-1);
    if (!ws) throw new Error('no socket opened yet');
    return ws;
  }
}

export interface SdkTestServer extends TestApp {
  platformUrl: string;
  /** A client of `account` (default acme) over `ws`, fast reconnects, the server's clock. */
  client(options?: Partial<ParleyClientOptions> & { storage?: KeyValueStorage }): ParleyClient;
  /** An agent socket of `account`, authenticated. */
  agent(account?: string, email?: string): Promise<TestSocket>;
  close(): Promise<void>;
}

/**
 * The real Parley app listening on 127.0.0.1:0, with accounts `acme` (agent ana), `brief`
 * (2 s sessions, agent bo) and `locked` (`requireAuthentication`).
 */
export async function startSdkTestServer(
  options: { realtime?: Partial<RealtimeOptions> } = {},
): Promise<SdkTestServer> {
  const brandKey = await generateSigningKey('ES256');
  const connector = testConnector(brandKey);
  const t = await buildTestApp({
    brandKey,
    realtime: { rateLimit: { burst: 500, perSecond: 500 }, ...options.realtime },
    config: {
      accounts: [
        { id: 'acme', connectors: [connector] },
        { id: 'brief', sessionMaxSeconds: 2, connectors: [connector] },
        { id: 'locked', requireAuthentication: true, connectors: [connector] },
      ],
      agents: [
        { account: 'acme', email: 'ana@acme.example', name: 'Ana', password: AGENT_PASSWORD },
        { account: 'brief', email: 'bo@brief.example', name: 'Bo', password: AGENT_PASSWORD },
      ],
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const platformUrl = `http://127.0.0.1:${port}`;
  const clients: ParleyClient[] = [];
  const sockets: TestSocket[] = [];
  return {
    ...t,
    platformUrl,
    client(overrides = {}) {
      const client = createParleyClient({
        platformUrl,
        account: 'acme',
        WebSocket: FlakyWebSocket,
        storage: createMemoryStorage(),
        reconnect: { minMs: 20, maxMs: 200 },
        now: () => t.clock.now(),
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    async agent(account = 'acme', email = 'ana@acme.example') {
      const res = await fetch(`${platformUrl}/v1/accounts/${account}/agents/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: AGENT_PASSWORD }),
      });
      const { sessionToken } = (await res.json()) as { sessionToken: string };
      const socket = await TestSocket.open(`ws://127.0.0.1:${port}/v1/accounts/${account}/agent/ws`);
      sockets.push(socket);
      await socket.auth(sessionToken);
      return socket;
    },
    async close() {
      for (const client of clients) client.close();
      for (const socket of sockets) socket.ws.terminate();
      await t.app.close();
    },
  };
}

/**
 * The SDK test server of one test file: started before its tests, closed after them. The value
 * returned forwards to the started server, so the tests write `t.client()`, `t.agent()`...
 */
export function useSdkTestServer(options: { realtime?: Partial<RealtimeOptions> } = {}): SdkTestServer {
  let started: SdkTestServer | undefined;
  beforeAll(async () => {
    started = await startSdkTestServer(options);
  });
  afterAll(async () => started?.close());
  return new Proxy({} as SdkTestServer, {
    get(_, key) {
      if (!started) throw new Error('the SDK test server is read before its beforeAll ran');
      return Reflect.get(started, key);
    },
  });
}

/** Resolves with the first `event` payload matching `predicate`. */
export function nextEvent<K extends keyof ParleyEvents>(
  client: ParleyClient,
  event: K,
  predicate: (payload: ParleyEvents[K]) => boolean = () => true,
  timeoutMs = 8000,
): Promise<ParleyEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event in time`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Every payload of `event` from now on. */
export function record<K extends keyof ParleyEvents>(client: ParleyClient, event: K): ParleyEvents[K][] {
  const seen: ParleyEvents[K][] = [];
  client.on(event, (payload) => seen.push(payload));
  return seen;
}

/** Polls `condition` until true (every 10 ms, at most `timeoutMs`). */
export async function until(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Agent helper: accepts the conversation and waits for the profile. */
export async function accept(agent: TestSocket, conversationId: string): Promise<void> {
  agent.send({ type: 'conversation.accept', conversationId });
  await agent.next((f: ServerFrame) => f.type === 'consumer.profile' && f.conversationId === conversationId);
}

let agentMessage = 0;
/** Agent helper: sends `text` into the conversation and waits for its ack. */
export async function agentSays(agent: TestSocket, conversationId: string, text: string): Promise<number> {
  const clientMessageId = `agent-${++agentMessage}-${Date.now()}`;
  agent.send({ type: 'message.send', conversationId, clientMessageId, text });
  const ack = await agent.next((f) => f.type === 'message.ack' && f.clientMessageId === clientMessageId);
  return ack.seq as number;
}
