import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRAND_ORIGIN, buildTestApp, type TestApp } from '../../src/testing/build-test-app.ts';
import { TestSocket } from './harness.ts';

const PUBLIC_URL = 'https://parley.example';

let t: TestApp;
afterEach(async () => t?.app.close());

async function listen(): Promise<string> {
  t = await buildTestApp({
    config: {
      server: { publicUrl: PUBLIC_URL },
      agents: [
        { account: 'acme', email: 'ana@acme.example', name: 'Ana', password: 'correct horse battery' },
      ],
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/v1/accounts/acme`;
}

/** The HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('WebSocket upgrades carry Origin', () => {
  it('a consumer socket from an origin outside allowedOrigins is refused 403 before the upgrade', async () => {
    const base = await listen();
    expect(await upgradeStatus(`${base}/consumer/ws`, 'https://evil.example')).toBe(403);
    expect(await upgradeStatus(`${base}/consumer/ws`, PUBLIC_URL)).toBe(403);
    expect(t.app.realtime.connectionCount()).toBe(0);
  });

  it('a consumer socket from the brand origin, or without Origin, opens and authenticates', async () => {
    const base = await listen();
    expect(await upgradeStatus(`${base}/consumer/ws`)).toBe(101);
    const { sessionToken } = (await t.post('anonymous', {})).json();
    const socket = await TestSocket.open(`${base}/consumer/ws`, { origin: BRAND_ORIGIN });
    expect(await socket.auth(sessionToken)).toMatchObject({ type: 'auth.ok' });
    socket.ws.terminate();
  });

  it("an agent socket opens from Parley's own origin (the Agent Workspace), not from another", async () => {
    const base = await listen();
    expect(await upgradeStatus(`${base}/agent/ws`, PUBLIC_URL)).toBe(101);
    expect(await upgradeStatus(`${base}/agent/ws`, BRAND_ORIGIN)).toBe(101);
    expect(await upgradeStatus(`${base}/agent/ws`, 'https://evil.example')).toBe(403);
  });
});
