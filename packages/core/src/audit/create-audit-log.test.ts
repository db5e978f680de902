import { describe, expect, it } from 'vitest';
import { createMemoryAuditStore } from '@parley/storage';
import { createFakeClock } from '../testing/index.ts';
import type { AuditEvent, AuditStore } from './audit-store.ts';
import { createAuditLog } from './create-audit-log.ts';
import { createAuditIdGenerator } from './create-audit-id.ts';

describe('createAuditLog', () => {
  it('stamps each event with a fresh id and the clock time, and drops undefined fields', async () => {
    const store = createMemoryAuditStore();
    const clock = createFakeClock();
    const audit = createAuditLog({ store, clock, onError: () => expect.unreachable() });
    await audit.record({
      accountId: 'acme',
      type: 'consumer.logout',
      consumerId: 'c1',
      connectorId: undefined,
    });
    clock.advanceSeconds(1);
    await audit.record({ accountId: 'acme', type: 'consumer.logout', consumerId: 'c1' });

    const events = await store.listByConsumer('acme', 'c1');
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      accountId: 'acme',
      at: events[1]!.at - 1000,
      type: 'consumer.logout',
      consumerId: 'c1',
    });
    expect(events[0]).not.toHaveProperty('connectorId');
    expect(events[0]!.id).not.toBe(events[1]!.id);
  });

  it('never rejects when the store fails: the failure and the event go to onError instead', async () => {
    const failing: AuditStore = {
      ...createMemoryAuditStore(),
      record: async () => {
        throw new Error('disk full');
      },
    };
    const told: { err: unknown; event: AuditEvent }[] = [];
    const audit = createAuditLog({
      store: failing,
      clock: createFakeClock(),
      onError: (err, event) => told.push({ err, event }),
    });
    await expect(
      audit.record({ accountId: 'acme', type: 'agent.login', agentId: 'a1' }),
    ).resolves.toBeUndefined();
    expect(told).toHaveLength(1);
    expect((told[0]!.err as Error).message).toBe('disk full');
    expect(told[0]!.event).toMatchObject({ type: 'agent.login', agentId: 'a1' });
  });
});

describe('createAuditIdGenerator', () => {
  it('makes UUIDv7 ids whose byte order follows time, then the order of generation within a millisecond', () => {
    const nextId = createAuditIdGenerator();
    const at = Date.UTC(2030, 0, 1);
    const sameMs = Array.from({ length: 50 }, () => nextId(at));
    const later = nextId(at + 1);
    for (const id of [...sameMs, later]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(later > sameMs.at(-1)!).toBe(true);
    expect(later.slice(0, 13).replace('-', '')).toBe((at + 1).toString(16).padStart(12, '0'));
    expect(new Set(sameMs).size).toBe(50);
  });
});
