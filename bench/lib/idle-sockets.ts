import WebSocket from 'ws';
import { BENCH_ACCOUNT } from './bench-config.ts';
import type { SpawnedServer } from './spawn-server.ts';

/** RSS growth of the server per idle authenticated consumer socket. */
export interface IdleSocketResult {
  sockets: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  perSocketKB: number;
}

/** Runs `fn` over `items`, `size` at a time. */
export async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Logs in one consumer per id_token (`/authenticate`), measures the server's RSS, then opens
 * one consumer WebSocket per session, authenticates it (`auth` → `auth.ok`) and leaves it idle,
 * and measures RSS again: (after − before) / sockets.
 */
export async function measureIdleSockets(
  server: SpawnedServer,
  idTokens: string[],
): Promise<IdleSocketResult> {
  const sessions: string[] = [];
  await inBatches(idTokens, 32, async (idToken) => {
    const res = await fetch(`${server.url}/v1/accounts/${BENCH_ACCOUNT}/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken }),
    });
    if (res.status !== 200) throw new Error(`login failed with ${res.status}`);
    sessions.push(((await res.json()) as { sessionToken: string }).sessionToken);
  });
  await settle(2000);
  const rssBeforeBytes = server.rssBytes();
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/v1/accounts/${BENCH_ACCOUNT}/consumer/ws`;
  const sockets: WebSocket[] = [];
  await inBatches(
    sessions,
    200,
    (token) =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(wsUrl);
        sockets.push(ws);
        ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
        ws.on('message', (data) => {
          if ((JSON.parse(data.toString()) as { type: string }).type === 'auth.ok') resolve();
        });
        ws.once('error', reject);
        ws.once('close', (code) => reject(new Error(`socket closed ${code} before auth.ok`)));
      }),
  );
  await settle(3000);
  const rssAfterBytes = server.rssBytes();
  const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  for (const ws of sockets) ws.terminate();
  return {
    sockets: open,
    rssBeforeBytes,
    rssAfterBytes,
    perSocketKB: (rssAfterBytes - rssBeforeBytes) / 1024 / Math.max(1, open),
  };
}
