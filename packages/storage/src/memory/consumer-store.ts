import type { ConsumerRecord, ConsumerStore } from '@parley/core';

/** Map key of an identity; JSON keeps the parts unambiguous whatever characters they hold. */
function identityKey(accountId: string, issuer: string, subject: string): string {
  return JSON.stringify([accountId, issuer, subject]);
}

function copy(record: ConsumerRecord): ConsumerRecord {
  return structuredClone(record);
}

/**
 * In-memory {@link ConsumerStore}: records by id plus an (account, issuer, subject) index.
 * Records are copied in and out, so callers never share state with the store (as with SQL).
 *
 * @example
 * ```ts
 * const consumers = createMemoryConsumerStore();
 * const c = await consumers.findOrCreateByIdentity({ accountId: 'acme', issuer, subject, newId, now });
 * ```
 */
export function createMemoryConsumerStore(): ConsumerStore {
  const byId = new Map<string, ConsumerRecord>();
  const byIdentity = new Map<string, string>();

  const find = (accountId: string, consumerId: string): ConsumerRecord | undefined => {
    const record = byId.get(consumerId);
    return record?.accountId === accountId ? record : undefined;
  };

  const insert = (record: ConsumerRecord): void => {
    if (byId.has(record.id)) throw new Error(`consumer id ${record.id} already exists`);
    byId.set(record.id, record);
  };

  /** A new consumer record: anonymous when issuer and subject are null. */
  const blank = (
    id: string,
    accountId: string,
    issuer: string | null,
    subject: string | null,
    now: number,
  ) => ({
    id,
    accountId,
    issuer,
    subject,
    claims: {},
    unverified: {},
    createdAt: now,
    lastAuthenticatedAt: null,
    mergedInto: null,
  });

  /** The stored (not copied) record of an identity, inserted with `newId` when absent. */
  const findOrInsert = (i: {
    accountId: string;
    issuer: string;
    subject: string;
    newId: string;
    now: number;
  }) => {
    const key = identityKey(i.accountId, i.issuer, i.subject);
    const existingId = byIdentity.get(key);
    const existing = existingId === undefined ? undefined : byId.get(existingId);
    if (existing) return existing;
    const record: ConsumerRecord = blank(i.newId, i.accountId, i.issuer, i.subject, i.now);
    insert(record);
    byIdentity.set(key, i.newId);
    return record;
  };

  return {
    async findOrCreateByIdentity(input) {
      return copy(findOrInsert(input));
    },

    async upsertAuthenticated({ claims, now, ...identity }) {
      const record = findOrInsert({ ...identity, now });
      record.claims = structuredClone(claims);
      record.lastAuthenticatedAt = now;
      return copy(record);
    },

    async findByIdentity(accountId, issuer, subject) {
      const id = byIdentity.get(identityKey(accountId, issuer, subject));
      const record = id === undefined ? undefined : byId.get(id);
      return record ? copy(record) : null;
    },

    async createAnonymous({ accountId, id, now }) {
      const record: ConsumerRecord = blank(id, accountId, null, null, now);
      insert(record);
      return copy(record);
    },

    async get(accountId, consumerId) {
      const record = find(accountId, consumerId);
      return record ? copy(record) : null;
    },

    async saveVerifiedClaims({ accountId, consumerId, claims, now }) {
      const record = find(accountId, consumerId);
      if (!record) return;
      record.claims = structuredClone(claims);
      record.lastAuthenticatedAt = now;
    },

    async setUnverified(accountId, consumerId, attributes) {
      const record = find(accountId, consumerId);
      if (record) record.unverified = structuredClone(attributes);
    },

    async linkAnonymous({ accountId, anonymousId, authenticatedId }) {
      const record = find(accountId, anonymousId);
      if (record) record.mergedInto = authenticatedId;
    },

    async delete(accountId, consumerId) {
      const record = find(accountId, consumerId);
      if (!record) return false;
      byId.delete(consumerId);
      if (record.issuer !== null && record.subject !== null) {
        byIdentity.delete(identityKey(accountId, record.issuer, record.subject));
      }
      return true;
    },
  };
}
