import type { SessionRecord, SessionStore } from '@parley/core';

/** Adds `value` to the set stored under `key`. */
function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

/** Removes `value` from the set stored under `key`, dropping the set once empty. */
function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  set?.delete(value);
  if (set?.size === 0) index.delete(key);
}

const consumerKey = (accountId: string, consumerId: string): string =>
  JSON.stringify([accountId, consumerId]);
const brandKey = (accountId: string, connectorId: string, brandValue: string): string =>
  JSON.stringify([accountId, connectorId, brandValue]);

/** The brand `sid`/`sub` index entries of a session (none without a connector). */
function brandEntries(session: SessionRecord): { index: 'sid' | 'sub'; key: string }[] {
  if (session.connectorId === null) return [];
  const entries: { index: 'sid' | 'sub'; key: string }[] = [];
  if (session.brandSid !== null) {
    entries.push({ index: 'sid', key: brandKey(session.accountId, session.connectorId, session.brandSid) });
  }
  if (session.brandSub !== null) {
    entries.push({ index: 'sub', key: brandKey(session.accountId, session.connectorId, session.brandSub) });
  }
  return entries;
}

/**
 * In-memory {@link SessionStore}: sessions by id, indexed by consumer and by brand `sid`/`sub` so
 * bulk revocation never scans every session. A session is live while `revokedAt` is null.
 *
 * @example
 * ```ts
 * const sessions = createMemorySessionStore();
 * await sessions.create(record);
 * const ids = await sessions.revokeByConsumer('acme', consumerId, Date.now());
 * ```
 */
export function createMemorySessionStore(): SessionStore {
  const byId = new Map<string, SessionRecord>();
  const byConsumer = new Map<string, Set<string>>();
  const byBrand = { sid: new Map<string, Set<string>>(), sub: new Map<string, Set<string>>() };

  /** Revokes the live sessions among `ids`; returns the ids it revoked. */
  const revokeAll = (ids: Iterable<string> | undefined, now: number): string[] => {
    const revoked: string[] = [];
    for (const id of ids ?? []) {
      const session = byId.get(id);
      if (session && session.revokedAt === null) {
        session.revokedAt = now;
        revoked.push(id);
      }
    }
    return revoked;
  };

  /** Deletes one session and its index entries. */
  const remove = (id: string): void => {
    const session = byId.get(id);
    if (!session) return;
    byId.delete(id);
    removeFrom(byConsumer, consumerKey(session.accountId, session.consumerId), id);
    for (const { index, key } of brandEntries(session)) removeFrom(byBrand[index], key, id);
  };

  return {
    async create(session) {
      if (byId.has(session.id)) throw new Error(`session id ${session.id} already exists`);
      byId.set(session.id, { ...session });
      addTo(byConsumer, consumerKey(session.accountId, session.consumerId), session.id);
      for (const { index, key } of brandEntries(session)) addTo(byBrand[index], key, session.id);
    },

    async get(sessionId) {
      const session = byId.get(sessionId);
      return session ? { ...session } : null;
    },

    async listByConsumer(accountId, consumerId) {
      const list: SessionRecord[] = [];
      for (const id of byConsumer.get(consumerKey(accountId, consumerId)) ?? []) {
        const session = byId.get(id);
        if (session) list.push({ ...session });
      }
      return list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async extend(sessionId, expiresAt) {
      const session = byId.get(sessionId);
      if (!session || session.revokedAt !== null) return false;
      session.expiresAt = expiresAt;
      return true;
    },

    async revoke(sessionId, now) {
      return revokeAll([sessionId], now).length === 1;
    },

    async revokeByConsumer(accountId, consumerId, now) {
      return revokeAll(byConsumer.get(consumerKey(accountId, consumerId)), now);
    },

    async revokeByBrandSid(accountId, connectorId, brandSid, now) {
      return revokeAll(byBrand.sid.get(brandKey(accountId, connectorId, brandSid)), now);
    },

    async revokeByBrandSub(accountId, connectorId, brandSub, now) {
      return revokeAll(byBrand.sub.get(brandKey(accountId, connectorId, brandSub)), now);
    },

    async deleteByConsumer(accountId, consumerId) {
      const key = consumerKey(accountId, consumerId);
      for (const id of byConsumer.get(key) ?? []) remove(id);
      byConsumer.delete(key);
    },

    async purgeExpired(before) {
      let purged = 0;
      for (const session of [...byId.values()]) {
        if (session.expiresAt >= before) continue;
        remove(session.id);
        purged += 1;
      }
      return purged;
    },
  };
}
