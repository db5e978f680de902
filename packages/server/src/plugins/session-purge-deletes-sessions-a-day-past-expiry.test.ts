import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionRecord } from '@parley/core';
import { createMemoryStores } from '@parley/storage';
import { buildTestApp, captureLog, type TestApp } from '../testing/build-test-app.ts';
import { SESSION_PURGE_INTERVAL_MS } from './session-purge.ts';

const HOUR = 3_600_000;

let t: TestApp | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  await t?.app.close();
  t = undefined;
  vi.useRealTimers();
});

function session(id: string, expiresAt: number, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    accountId: 'acme',
    consumerId: 'c1',
    authenticated: false,
    connectorId: null,
    brandSid: null,
    brandSub: null,
    createdAt: expiresAt - HOUR,
    expiresAt,
    revokedAt: null,
    ...over,
  };
}

describe('session purge', () => {
  it('deletes sessions expired more than 24 h ago when the timer fires, and keeps recent ones', async () => {
    t = await buildTestApp();
    const now = t.clock.now();
    await t.stores.sessions.create(session('expired-25h', now - 25 * HOUR));
    await t.stores.sessions.create(session('revoked-25h', now - 25 * HOUR, { revokedAt: now - 26 * HOUR }));
    await t.stores.sessions.create(session('expired-1h', now - HOUR));
    await t.stores.sessions.create(session('live', now + HOUR));

    await vi.advanceTimersByTimeAsync(SESSION_PURGE_INTERVAL_MS - 1);
    expect(await t.stores.sessions.get('expired-25h')).not.toBeNull();

    await vi.advanceTimersByTimeAsync(1);
    expect(await t.stores.sessions.get('expired-25h')).toBeNull();
    expect(await t.stores.sessions.get('revoked-25h')).toBeNull();
    expect(await t.stores.sessions.get('expired-1h')).not.toBeNull();
    expect(await t.stores.sessions.get('live')).not.toBeNull();

    // the fake clock moves on: the 1 h-expired session is purged once it is 24 h past expiry
    t.clock.advanceSeconds(24 * 3600);
    await vi.advanceTimersByTimeAsync(SESSION_PURGE_INTERVAL_MS);
    expect(await t.stores.sessions.get('expired-1h')).toBeNull();
    expect(await t.stores.sessions.get('live')).not.toBeNull(); // expired 23 h ago: kept
  });

  it('logs a failed purge without crashing, tries again next time, and stops when the app closes', async () => {
    const log = captureLog();
    const purgeExpired = vi.fn(async (): Promise<number> => {
      throw new Error('database is down');
    });
    t = await buildTestApp({
      logStream: log.stream,
      stores: (clock) => {
        const stores = createMemoryStores({ clock });
        return { ...stores, sessions: { ...stores.sessions, purgeExpired } };
      },
    });

    await vi.advanceTimersByTimeAsync(2 * SESSION_PURGE_INTERVAL_MS);
    expect(purgeExpired).toHaveBeenCalledTimes(2);
    expect(purgeExpired).toHaveBeenLastCalledWith(t.clock.now() - 24 * HOUR);
    const errors = log.chunks.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(errors.filter((l) => l.msg === 'could not purge expired sessions' && l.level === 50)).toHaveLength(
      2,
    );
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await t.app.close();
    t = undefined;
    await vi.advanceTimersByTimeAsync(2 * SESSION_PURGE_INTERVAL_MS);
    expect(purgeExpired).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
