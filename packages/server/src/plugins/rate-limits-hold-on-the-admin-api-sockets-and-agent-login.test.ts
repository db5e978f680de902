import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashPassword } from '../agents/scrypt-password-hasher.ts';
import { ADMIN_KEY, buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const PASSWORD = 'correct horse battery';
const cheap = { N: 1024 };

async function appWithLimits(rateLimits: Record<string, number>): Promise<TestApp> {
  const passwordHash = await hashPassword(PASSWORD, cheap);
  return buildTestApp({
    config: {
      security: { rateLimits: { perIpPerMinute: 1000, perAccountPerMinute: 1000, ...rateLimits } },
      agents: [
        { account: 'acme', email: 'ana@acme.example', name: 'Ana', passwordHash },
        { account: 'acme', email: 'sam@acme.example', name: 'Sam', passwordHash },
      ],
    },
  });
}

const agentLogin = (email: string, password: string, ip = '192.0.2.1') =>
  t.app.inject({
    method: 'POST',
    url: '/v1/accounts/acme/agents/login',
    remoteAddress: ip,
    payload: { email, password },
  });

describe('admin API rate limit', () => {
  it('answers 429 RATE_LIMITED after adminPerIpPerMinute requests of one IP, wrong keys included', async () => {
    t = await appWithLimits({ adminPerIpPerMinute: 3 });
    const admin = (key: string, ip = '192.0.2.1') =>
      t.app.inject({
        method: 'GET',
        url: '/v1/admin/accounts/acme/audit',
        remoteAddress: ip,
        headers: { authorization: `Bearer ${key}` },
      });
    for (let i = 0; i < 3; i++) expect((await admin('guess-0000000000000')).statusCode).toBe(401);
    const limited = await admin(ADMIN_KEY);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // an unknown admin path counts too, and another IP keeps its own bucket
    expect((await t.app.inject({ url: '/v1/admin/nope', remoteAddress: '192.0.2.1' })).statusCode).toBe(429);
    expect((await admin(ADMIN_KEY, '192.0.2.2')).statusCode).toBe(200);
  });
});

describe('agent login rate limits', () => {
  it('is not locked out when anonymous traffic from many IPs fills the account bucket', async () => {
    t = await appWithLimits({ perIpPerMinute: 1000, perAccountPerMinute: 3 });
    for (let i = 0; i < 4; i++)
      await t.app.inject({
        method: 'POST',
        url: '/v1/accounts/acme/anonymous',
        remoteAddress: `198.51.100.${i}`,
        payload: {},
      });
    expect((await t.post('anonymous', {})).statusCode).toBe(429);
    expect((await agentLogin('ana@acme.example', PASSWORD)).statusCode).toBe(200);
  });

  it('limits attempts per email across IPs, leaves other agents alone, and backs off for the hour', async () => {
    t = await appWithLimits({ agentLoginPerEmailPerMinute: 2 });
    t.clock.set(Date.UTC(2030, 0, 1, 0, 0, 0));
    expect((await agentLogin('ana@acme.example', 'wrong-1', '192.0.2.1')).statusCode).toBe(401);
    expect((await agentLogin('ANA@acme.example', 'wrong-2', '192.0.2.2')).statusCode).toBe(401);
    const limited = await agentLogin('ana@acme.example', PASSWORD, '192.0.2.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('60');
    expect((await agentLogin('sam@acme.example', PASSWORD, '192.0.2.3')).statusCode).toBe(200);

    // each new minute allows 2 more, until 5 × 2 attempts in the hour: then the rest of the hour is refused
    for (let minute = 1; minute <= 3; minute++) {
      t.clock.advanceSeconds(60);
      expect((await agentLogin('ana@acme.example', 'wrong')).statusCode).toBe(401);
      expect((await agentLogin('ana@acme.example', 'wrong')).statusCode).toBe(401);
    }
    t.clock.advanceSeconds(60);
    expect((await agentLogin('ana@acme.example', 'wrong')).statusCode).toBe(401); // the 10th of the hour
    const backedOff = await agentLogin('ana@acme.example', PASSWORD);
    expect(backedOff.statusCode).toBe(429);
    expect(Number(backedOff.headers['retry-after'])).toBeGreaterThan(60);
    t.clock.advanceSeconds(3600);
    expect((await agentLogin('ana@acme.example', PASSWORD)).statusCode).toBe(200);
  });
});

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or 101 and the socket. */
function upgrade(url: string): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

describe('WebSocket rate limits', () => {
  async function listen(): Promise<string> {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    return `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/v1/accounts/acme`;
  }

  it('refuses upgrades over socketUpgradesPerIpPerMinute with 429 before any socket opens', async () => {
    t = await appWithLimits({ socketUpgradesPerIpPerMinute: 2 });
    const base = await listen();
    const first = await upgrade(`${base}/consumer/ws`);
    const second = await upgrade(`${base}/agent/ws`);
    expect([first.status, second.status]).toEqual([101, 101]);
    expect((await upgrade(`${base}/consumer/ws`)).status).toBe(429);
    for (const s of [first, second]) s.ws?.terminate();
  });

  it('caps unauthenticated sockets per IP; a socket that authenticates frees its place', async () => {
    t = await appWithLimits({ unauthenticatedSocketsPerIp: 2 });
    const base = await listen();
    const a = await upgrade(`${base}/consumer/ws`);
    const b = await upgrade(`${base}/consumer/ws`);
    expect((await upgrade(`${base}/consumer/ws`)).status).toBe(429);

    const { sessionToken } = (await t.post('anonymous', {})).json() as { sessionToken: string };
    const authOk = new Promise((resolve) => a.ws?.once('message', resolve));
    a.ws?.send(JSON.stringify({ type: 'auth', token: sessionToken }));
    expect(JSON.parse(String(await authOk)).type).toBe('auth.ok');
    const c = await upgrade(`${base}/consumer/ws`);
    expect(c.status).toBe(101);

    const closed = new Promise((resolve) => b.ws?.once('close', resolve));
    b.ws?.close();
    await closed;
    const d = await upgrade(`${base}/consumer/ws`);
    expect(d.status).toBe(101);
    for (const s of [a, c, d]) s.ws?.terminate();
  });
});
