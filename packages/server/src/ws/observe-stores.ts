import {
  endConsumerSessions,
  stepUpConversations,
  topics,
  type ConversationDeps,
  type SessionStore,
  type Stores,
} from '@parley/core';

/**
 * Wraps the stores so every session revocation (logout, back-channel logout, admin erase,
 * step-up) reaches the sockets through the bus, and a step-up (`linkAnonymous`) moves the
 * anonymous consumer's conversations in place. The routes and login flows stay unaware of
 * WebSockets. Publishing failures never fail the revocation itself (`onError` is told).
 */
export function observeStores(
  stores: Stores,
  deps: ConversationDeps,
  onError: (err: unknown) => void = () => {},
): Stores {
  const steppedUp = new Set<string>();
  const { sessions, consumers } = stores;
  const safely = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      onError(err);
    }
  };
  const ended = async (ids: readonly string[], reason: 'logout' | 'backchannel-logout' | 'revoked') => {
    for (const id of ids) {
      const record = await sessions.get(id);
      if (record === null) continue;
      if (steppedUp.delete(record.consumerId)) {
        await deps.bus.publish(topics.consumer(record.consumerId), {
          kind: 'session-ended',
          accountId: record.accountId,
          consumerId: record.consumerId,
          sessionIds: [id],
          reason: 'step-up',
        });
        continue;
      }
      await endConsumerSessions(deps, {
        accountId: record.accountId,
        consumerId: record.consumerId,
        sessionIds: [id],
        reason,
      });
    }
  };
  const observedSessions: SessionStore = {
    ...sessions,
    create: (s) => sessions.create(s),
    get: (id) => sessions.get(id),
    listByConsumer: (accountId, consumerId) => sessions.listByConsumer(accountId, consumerId),
    extend: (id, at) => sessions.extend(id, at),
    async revoke(id, now) {
      const revoked = await sessions.revoke(id, now);
      if (revoked) await safely(() => ended([id], 'logout'));
      return revoked;
    },
    async revokeByConsumer(accountId, consumerId, now) {
      const ids = await sessions.revokeByConsumer(accountId, consumerId, now);
      await safely(() => ended(ids, 'revoked'));
      return ids;
    },
    async revokeByBrandSid(accountId, connectorId, brandSid, now) {
      const ids = await sessions.revokeByBrandSid(accountId, connectorId, brandSid, now);
      await safely(() => ended(ids, 'backchannel-logout'));
      return ids;
    },
    async revokeByBrandSub(accountId, connectorId, brandSub, now) {
      const ids = await sessions.revokeByBrandSub(accountId, connectorId, brandSub, now);
      await safely(() => ended(ids, 'backchannel-logout'));
      return ids;
    },
    deleteByConsumer: (accountId, consumerId) => sessions.deleteByConsumer(accountId, consumerId),
    purgeExpired: (before) => sessions.purgeExpired(before),
  };
  return {
    ...stores,
    sessions: observedSessions,
    consumers: {
      ...consumers,
      findOrCreateByIdentity: (i) => consumers.findOrCreateByIdentity(i),
      upsertAuthenticated: (i) => consumers.upsertAuthenticated(i),
      findByIdentity: (a, i, s) => consumers.findByIdentity(a, i, s),
      createAnonymous: (i) => consumers.createAnonymous(i),
      get: (a, c) => consumers.get(a, c),
      saveVerifiedClaims: (i) => consumers.saveVerifiedClaims(i),
      setUnverified: (a, c, u) => consumers.setUnverified(a, c, u),
      delete: (a, c) => consumers.delete(a, c),
      async linkAnonymous(input) {
        await consumers.linkAnonymous(input);
        const anonymous = await consumers.get(input.accountId, input.anonymousId);
        if (anonymous?.mergedInto !== input.authenticatedId) return;
        steppedUp.add(input.anonymousId);
        await safely(async () => {
          await stepUpConversations(deps, {
            accountId: input.accountId,
            fromConsumerId: input.anonymousId,
            toConsumerId: input.authenticatedId,
          });
        });
      },
    },
    ping: () => stores.ping(),
    close: () => stores.close(),
  };
}
