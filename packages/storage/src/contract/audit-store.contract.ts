import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditStore } from '@parley/core';

const T0 = 1_700_000_000_000;

function event(id: string, over: Partial<AuditEvent> = {}): AuditEvent {
  return { id, accountId: 'acme', at: T0, type: 'consumer.login', consumerId: 'c1', ...over };
}

/** Every field set, so each adapter proves it stores and returns all of them. */
const full: AuditEvent = {
  id: 'full',
  accountId: 'acme',
  at: T0 + 1,
  type: 'consumer.step_up',
  consumerId: 'c1',
  agentId: 'agent-1',
  sessionId: 's1',
  connectorId: 'main',
  flow: 'pkce',
  code: 'TOKEN_EXPIRED',
  detail: { anonymousConsumerId: 'anon-1', revokedSessions: 2, merged: true },
};

const ids = (events: AuditEvent[]) => events.map((e) => e.id);

/** The AuditStore part of the contract. */
export function auditStoreContract(ctx: { audit(): AuditStore }): void {
  const audit = () => ctx.audit();

  describe('AuditStore', () => {
    it('records an event and lists it back field for field, absent fields staying absent', async () => {
      const bare: AuditEvent = { id: 'bare', accountId: 'acme', at: T0, type: 'consumer.login_failed' };
      await audit().record(full);
      await audit().record(bare);
      expect(await audit().list('acme', { limit: 10 })).toEqual([full, bare]);
      expect(await audit().listByConsumer('acme', 'c1')).toEqual([full]);
    });

    it('refuses a duplicate event id and keeps the first event', async () => {
      await audit().record(event('e1'));
      await expect(audit().record(event('e1', { type: 'consumer.logout' }))).rejects.toThrow();
      expect(await audit().list('acme', { limit: 10 })).toEqual([event('e1')]);
    });

    it("lists one consumer's events oldest first, ties by id, and never another consumer's or account's", async () => {
      await audit().record(event('b', { at: T0 + 5 }));
      await audit().record(event('late', { at: T0 + 9 }));
      await audit().record(event('a', { at: T0 + 5 }));
      await audit().record(event('first', { at: T0 - 3 }));
      await audit().record(event('other-consumer', { consumerId: 'c2' }));
      await audit().record(event('other-account', { accountId: 'globex' }));
      expect(ids(await audit().listByConsumer('acme', 'c1'))).toEqual(['first', 'a', 'b', 'late']);
      expect(ids(await audit().listByConsumer('globex', 'c1'))).toEqual(['other-account']);
      expect(await audit().listByConsumer('acme', 'missing')).toEqual([]);
      expect(await audit().listByConsumer('acme', 'c\u00001')).toEqual([]);
    });

    it('pages an account newest first with a cursor: no event twice, none skipped, ties by id', async () => {
      const times = { e1: T0, e2: T0 + 1, e3: T0 + 1, e4: T0 + 1, e5: T0 + 2 };
      for (const [id, at] of Object.entries(times)) await audit().record(event(id, { at }));
      await audit().record(event('other-account', { accountId: 'globex', at: T0 + 1 }));

      const first = await audit().list('acme', { limit: 2 });
      expect(ids(first)).toEqual(['e5', 'e4']);
      const second = await audit().list('acme', { limit: 2, before: { at: T0 + 1, id: 'e4' } });
      expect(ids(second)).toEqual(['e3', 'e2']);
      const last = await audit().list('acme', { limit: 2, before: { at: T0 + 1, id: 'e2' } });
      expect(ids(last)).toEqual(['e1']);
      expect(await audit().list('acme', { limit: 2, before: { at: T0, id: 'e1' } })).toEqual([]);
      expect(await audit().list('nobody', { limit: 2 })).toEqual([]);
    });

    it('filters a page by type and by consumer, both at once, with the cursor', async () => {
      await audit().record(event('login-c1', { at: T0 }));
      await audit().record(event('logout-c1', { at: T0 + 1, type: 'consumer.logout' }));
      await audit().record(event('login-c2', { at: T0 + 2, consumerId: 'c2' }));
      await audit().record(event('login-c1-again', { at: T0 + 3 }));
      await audit().record(
        event('failed', { at: T0 + 4, type: 'consumer.login_failed', consumerId: undefined }),
      );

      expect(ids(await audit().list('acme', { limit: 10, type: 'consumer.login' }))).toEqual([
        'login-c1-again',
        'login-c2',
        'login-c1',
      ]);
      expect(ids(await audit().list('acme', { limit: 10, consumerId: 'c1' }))).toEqual([
        'login-c1-again',
        'logout-c1',
        'login-c1',
      ]);
      const both = { limit: 1, type: 'consumer.login' as const, consumerId: 'c1' };
      expect(ids(await audit().list('acme', both))).toEqual(['login-c1-again']);
      expect(
        ids(await audit().list('acme', { ...both, before: { at: T0 + 3, id: 'login-c1-again' } })),
      ).toEqual(['login-c1']);
    });

    it("deletes one consumer's events and only theirs", async () => {
      await audit().record(event('e1'));
      await audit().record(event('e2', { type: 'consumer.logout' }));
      await audit().record(event('keep-consumer', { consumerId: 'c2' }));
      await audit().record(event('keep-account', { accountId: 'globex' }));
      await audit().record(
        event('keep-no-consumer', { consumerId: undefined, type: 'consumer.login_failed' }),
      );
      await audit().deleteByConsumer('acme', 'c1');

      expect(await audit().listByConsumer('acme', 'c1')).toEqual([]);
      expect(ids(await audit().list('acme', { limit: 10 })).sort()).toEqual([
        'keep-consumer',
        'keep-no-consumer',
      ]);
      expect(ids(await audit().list('globex', { limit: 10 }))).toEqual(['keep-account']);
    });

    it("purges only the account's events older than the cut-off, and returns how many", async () => {
      await audit().record(event('old', { at: T0 - 2 }));
      await audit().record(event('old-no-consumer', { at: T0 - 1, consumerId: undefined }));
      await audit().record(event('old-other-account', { accountId: 'globex', at: T0 - 1 }));
      await audit().record(event('at-cut-off', { at: T0 }));
      await audit().record(event('new', { at: T0 + 1 }));
      expect(await audit().purgeBefore('acme', T0)).toBe(2);
      expect(await audit().purgeBefore('acme', T0)).toBe(0);
      expect(ids(await audit().list('acme', { limit: 10 }))).toEqual(['new', 'at-cut-off']);
      expect(ids(await audit().list('globex', { limit: 10 }))).toEqual(['old-other-account']);
      expect(await audit().listByConsumer('acme', 'c1')).toHaveLength(2);
    });
  });
}
