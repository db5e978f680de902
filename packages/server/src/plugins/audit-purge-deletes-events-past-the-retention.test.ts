import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '@parley/core';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';
import { AUDIT_PURGE_INTERVAL_MS } from './audit-purge.ts';

const DAY = 24 * 3_600_000;

let t: TestApp | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  await t?.app.close();
  t = undefined;
  vi.useRealTimers();
});

const event = (id: string, accountId: string, at: number): AuditEvent => ({
  id,
  accountId,
  at,
  type: 'consumer.login_failed',
  code: 'TOKEN_EXPIRED',
});

describe('audit purge', () => {
  it('deletes the events older than audit.retentionDays of every account when the hourly timer fires', async () => {
    t = await buildTestApp({ config: { audit: { retentionDays: 30 } } });
    const now = t.clock.now();
    for (const [id, account, age] of [
      ['acme-31d', 'acme', 31 * DAY],
      ['acme-29d', 'acme', 29 * DAY],
      ['locked-31d', 'locked', 31 * DAY],
    ] as const) {
      await t.stores.audit.record(event(id, account, now - age));
    }

    await vi.advanceTimersByTimeAsync(AUDIT_PURGE_INTERVAL_MS - 1);
    expect(await t.stores.audit.list('acme', { limit: 10 })).toHaveLength(2);

    await vi.advanceTimersByTimeAsync(1);
    expect((await t.stores.audit.list('acme', { limit: 10 })).map((e) => e.id)).toEqual(['acme-29d']);
    expect(await t.stores.audit.list('locked', { limit: 10 })).toEqual([]);
  });

  it('keeps a year by default and refuses a retention under one day at start-up', async () => {
    t = await buildTestApp();
    expect(t.config.audit.retentionDays).toBe(365);
    await t.stores.audit.record(event('364d', 'acme', t.clock.now() - 364 * DAY));
    await vi.advanceTimersByTimeAsync(AUDIT_PURGE_INTERVAL_MS);
    expect(await t.stores.audit.list('acme', { limit: 10 })).toHaveLength(1);
    await expect(buildTestApp({ config: { audit: { retentionDays: 0 } } })).rejects.toThrow(
      /audit\.retentionDays/,
    );
  });
});
