import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Stores } from '@parley/core';
import { generateSigningKey, type FakeClock } from '@parley/core/testing';
import { AGENT_PASSWORD, buildTestApp, testConnector } from '../../src/testing/build-test-app.ts';
import { TestSocket } from '../../src/testing/test-socket.ts';
import type { RealtimeOptions } from '../../src/ws/realtime-options.ts';
import { hashPassword } from '../../src/agents/scrypt-password-hasher.ts';

export { AGENT_PASSWORD, TestSocket };
/**
 * Hashed once with a small N: the parameters travel in the hash, so logins (and the decoy of
 * unknown emails) stay cheap in tests; production hashes use the defaults.
 */
const AGENT_PASSWORD_HASH = hashPassword(AGENT_PASSWORD, { N: 1024 });

export interface RealtimeServer {
  app: FastifyInstance;
  clock: FakeClock;
  stores: Stores;
  /** `ws://127.0.0.1:port` */
  wsBase: string;
  post(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  get(path: string, token: string): Promise<{ status: number; body: Record<string, unknown> }>;
  anonymous(account?: string): Promise<{ consumerId: string; sessionToken: string }>;
  login(
    sub: string,
    extra?: { anonymousSessionToken?: string; claims?: Record<string, unknown>; account?: string },
  ): Promise<{ consumerId: string; sessionToken: string }>;
  agentLogin(account: string, email: string): Promise<{ agentId: string; sessionToken: string }>;
  consumer(account?: string): Promise<TestSocket>;
  agent(account?: string): Promise<TestSocket>;
  close(): Promise<void>;
}

/**
 * A real listening app (127.0.0.1:0) with accounts `acme` (agents ana and ivy: agent, sam: supervisor),
 * `globex` (agent gus), `locked` (`requireAuthentication`) and `brief` (2 s sessions).
 */
export async function startRealtimeServer(
  options: { realtime?: Partial<RealtimeOptions>; stores?: (clock: FakeClock) => Stores } = {},
): Promise<RealtimeServer> {
  const brandKey = await generateSigningKey('ES256');
  const connector = testConnector(brandKey, {
    claims: [{ claim: 'account_number', label: 'Account number', mask: 'last4' }],
  });
  const passwordHash = await AGENT_PASSWORD_HASH;
  const { app, clock, stores, mint } = await buildTestApp({
    brandKey,
    config: {
      accounts: [
        { id: 'acme', connectors: [connector] },
        { id: 'globex', connectors: [connector] },
        { id: 'locked', requireAuthentication: true, connectors: [connector] },
        { id: 'brief', sessionMaxSeconds: 2, connectors: [connector] },
      ],
      agents: [
        { account: 'acme', email: 'ana@acme.example', name: 'Ana', role: 'agent', passwordHash },
        {
          account: 'acme',
          email: 'sam@acme.example',
          name: 'Sam',
          role: 'supervisor',
          passwordHash,
        },
        { account: 'acme', email: 'ivy@acme.example', name: 'Ivy', role: 'agent', passwordHash },
        { account: 'globex', email: 'gus@globex.example', name: 'Gus', passwordHash },
        { account: 'brief', email: 'bo@brief.example', name: 'Bo', passwordHash },
      ],
    },
    ...(options.stores ? { stores: options.stores } : {}),
    ...(options.realtime ? { realtime: options.realtime } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const httpBase = `http://127.0.0.1:${port}`;
  const wsBase = `ws://127.0.0.1:${port}`;
  const sockets = new Set<TestSocket>();

  const post: RealtimeServer['post'] = async (path, body, headers = {}) => {
    const res = await fetch(`${httpBase}${path}`, {
      method: 'POST',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const server: RealtimeServer = {
    app,
    clock,
    stores,
    wsBase,
    post,
    async get(path, token) {
      const res = await fetch(`${httpBase}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async anonymous(account = 'acme') {
      const res = await post(`/v1/accounts/${account}/anonymous`, {});
      if (res.status !== 201) throw new Error(`anonymous: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { consumerId: string; sessionToken: string };
    },
    async login(sub, extra = {}) {
      const idToken = await mint({ sub, ...extra.claims });
      const body = {
        idToken,
        ...(extra.anonymousSessionToken ? { anonymousSessionToken: extra.anonymousSessionToken } : {}),
      };
      const res = await post(`/v1/accounts/${extra.account ?? 'acme'}/authenticate`, body);
      if (res.status !== 200) throw new Error(`authenticate: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { consumerId: string; sessionToken: string };
    },
    async agentLogin(account, email) {
      const res = await post(`/v1/accounts/${account}/agents/login`, { email, password: AGENT_PASSWORD });
      if (res.status !== 200) throw new Error(`agent login: ${res.status}`);
      return res.body as { agentId: string; sessionToken: string };
    },
    async consumer(account = 'acme') {
      const s = await TestSocket.open(`${wsBase}/v1/accounts/${account}/consumer/ws`);
      sockets.add(s);
      return s;
    },
    async agent(account = 'acme') {
      const s = await TestSocket.open(`${wsBase}/v1/accounts/${account}/agent/ws`);
      sockets.add(s);
      return s;
    },
    async close() {
      for (const s of sockets) s.ws.terminate();
      await app.close();
    },
  };
  return server;
}
