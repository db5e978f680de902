import type { AuditEvent, AuditListQuery, AuditStore } from '@parley/core';

/** Byte-order string comparison (ids are ASCII), the tie-break every adapter uses. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const oldestFirst = (a: AuditEvent, b: AuditEvent): number => a.at - b.at || compareIds(a.id, b.id);

const copy = (event: AuditEvent): AuditEvent => structuredClone(event);

function matches(event: AuditEvent, accountId: string, query: AuditListQuery): boolean {
  if (event.accountId !== accountId) return false;
  if (query.type !== undefined && event.type !== query.type) return false;
  if (query.consumerId !== undefined && event.consumerId !== query.consumerId) return false;
  const { before } = query;
  return before === undefined || oldestFirst(event, { ...event, ...before }) < 0;
}

/**
 * In-memory {@link AuditStore}: events in insertion order, scanned per query (an audit list is
 * an admin read, not a hot path). Events are copied in and out.
 *
 * @example
 * ```ts
 * const audit = createMemoryAuditStore();
 * await audit.record({ id, accountId: 'acme', at: Date.now(), type: 'consumer.logout' });
 * ```
 */
export function createMemoryAuditStore(): AuditStore {
  let events: AuditEvent[] = [];
  const ids = new Set<string>();
  return {
    async record(event) {
      if (ids.has(event.id)) throw new Error(`audit event id ${event.id} already exists`);
      ids.add(event.id);
      events.push(copy(event));
    },

    async listByConsumer(accountId, consumerId) {
      return events
        .filter((e) => e.accountId === accountId && e.consumerId === consumerId)
        .sort(oldestFirst)
        .map(copy);
    },

    async list(accountId, query) {
      return events
        .filter((e) => matches(e, accountId, query))
        .sort((a, b) => oldestFirst(b, a))
        .slice(0, query.limit)
        .map(copy);
    },

    async deleteByConsumer(accountId, consumerId) {
      events = events.filter((e) => {
        const erased = e.accountId === accountId && e.consumerId === consumerId;
        if (erased) ids.delete(e.id);
        return !erased;
      });
    },

    async purgeBefore(accountId, before) {
      const purged = events.filter((e) => e.accountId === accountId && e.at < before);
      for (const e of purged) ids.delete(e.id);
      events = events.filter((e) => !(e.accountId === accountId && e.at < before));
      return purged.length;
    },
  };
}
