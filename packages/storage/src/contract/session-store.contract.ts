import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '@parley/core';
import type { ContractContext } from './context.ts';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

function session(id: string, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    accountId: 'acme',
    consumerId: 'c1',
    authenticated: true,
    connectorId: 'main',
    brandSid: 'sid-1',
    brandSub: 'sub-1',
    createdAt: T0,
    expiresAt: T0 + HOUR,
    revokedAt: null,
    ...over,
  };
}

/** The SessionStore part of the contract. */
export function sessionStoreContract(ctx: ContractContext): void {
  const sessions = () => ctx.stores().sessions;

  describe('SessionStore', () => {
    it('creates a session and gets it back field for field', async () => {
      const authenticated = session('s1');
      const anonymous = session('s2', {
        authenticated: false,
        connectorId: null,
        brandSid: null,
        brandSub: null,
      });
      await sessions().create(authenticated);
      await sessions().create(anonymous);
      expect(await sessions().get('s1')).toEqual(authenticated);
      expect(await sessions().get('s2')).toEqual(anonymous);
      expect(await sessions().get('missing')).toBeNull();
    });

    it('rejects a duplicate session id', async () => {
      await sessions().create(session('s1'));
      await expect(sessions().create(session('s1', { consumerId: 'c2' }))).rejects.toThrow();
      expect((await sessions().get('s1'))?.consumerId).toBe('c1');
    });

    it('extends a live session, but not an unknown or revoked one', async () => {
      await sessions().create(session('s1'));
      expect(await sessions().extend('s1', T0 + 2 * HOUR)).toBe(true);
      expect((await sessions().get('s1'))?.expiresAt).toBe(T0 + 2 * HOUR);
      expect(await sessions().extend('missing', T0 + 2 * HOUR)).toBe(false);

      await sessions().revoke('s1', T0 + 1);
      expect(await sessions().extend('s1', T0 + 3 * HOUR)).toBe(false);
      expect((await sessions().get('s1'))?.expiresAt).toBe(T0 + 2 * HOUR);
    });

    it('revokes a session once: true, then false, keeping the first revocation time', async () => {
      await sessions().create(session('s1'));
      expect(await sessions().revoke('s1', T0 + 10)).toBe(true);
      expect(await sessions().revoke('s1', T0 + 20)).toBe(false);
      expect((await sessions().get('s1'))?.revokedAt).toBe(T0 + 10);
      expect(await sessions().revoke('missing', T0)).toBe(false);
    });

    it("revokes every live session of a consumer, returns their ids and leaves other consumers' sessions", async () => {
      await sessions().create(session('s1'));
      await sessions().create(session('s2', { brandSid: 'sid-2' }));
      await sessions().create(session('s3'));
      await sessions().create(session('other-consumer', { consumerId: 'c2' }));
      await sessions().create(session('other-account', { accountId: 'globex' }));
      await sessions().revoke('s3', T0 + 1);

      const ids = await sessions().revokeByConsumer('acme', 'c1', T0 + 5);
      expect([...ids].sort()).toEqual(['s1', 's2']);
      expect((await sessions().get('s1'))?.revokedAt).toBe(T0 + 5);
      expect((await sessions().get('s3'))?.revokedAt).toBe(T0 + 1);
      expect((await sessions().get('other-consumer'))?.revokedAt).toBeNull();
      expect((await sessions().get('other-account'))?.revokedAt).toBeNull();
      expect(await sessions().revokeByConsumer('acme', 'c1', T0 + 6)).toEqual([]);
    });

    it('revokes the live sessions of one brand sid on one connector of one account', async () => {
      await sessions().create(session('s1'));
      await sessions().create(session('s2', { consumerId: 'c2' }));
      await sessions().create(session('other-sid', { brandSid: 'sid-2' }));
      await sessions().create(session('other-connector', { connectorId: 'backup' }));
      await sessions().create(session('other-account', { accountId: 'globex' }));
      await sessions().create(
        session('anonymous', { authenticated: false, connectorId: null, brandSid: null }),
      );

      const ids = await sessions().revokeByBrandSid('acme', 'main', 'sid-1', T0 + 5);
      expect([...ids].sort()).toEqual(['s1', 's2']);
      for (const id of ['other-sid', 'other-connector', 'other-account', 'anonymous']) {
        expect((await sessions().get(id))?.revokedAt).toBeNull();
      }
      expect(await sessions().revokeByBrandSid('acme', 'main', 'sid-1', T0 + 6)).toEqual([]);
    });

    it('revokes the live sessions of one brand sub on one connector of one account, whatever their consumer or sid', async () => {
      await sessions().create(session('s1'));
      await sessions().create(session('s2', { consumerId: 'c2', brandSid: null }));
      await sessions().create(session('other-sub', { brandSub: 'sub-2' }));
      await sessions().create(session('no-sub', { brandSub: null }));
      await sessions().create(session('other-connector', { connectorId: 'backup' }));
      await sessions().create(session('other-account', { accountId: 'globex' }));
      await sessions().create(
        session('anonymous', { authenticated: false, connectorId: null, brandSid: null, brandSub: null }),
      );
      await sessions().revoke('other-sub', T0 + 1);

      const ids = await sessions().revokeByBrandSub('acme', 'main', 'sub-1', T0 + 5);
      expect([...ids].sort()).toEqual(['s1', 's2']);
      expect((await sessions().get('s2'))?.revokedAt).toBe(T0 + 5);
      for (const id of ['no-sub', 'other-connector', 'other-account', 'anonymous']) {
        expect((await sessions().get(id))?.revokedAt).toBeNull();
      }
      expect(await sessions().revokeByBrandSub('acme', 'main', 'sub-2', T0 + 6)).toEqual([]);
      expect(await sessions().revokeByBrandSub('acme', 'main', 'sub-1', T0 + 6)).toEqual([]);
      expect(await sessions().revokeByBrandSub('acme', 'main', 'sub\u00001', T0 + 6)).toEqual([]);
      // the brand sub index forgets deleted sessions
      await sessions().deleteByConsumer('acme', 'c1');
      await sessions().create(session('s1', { brandSub: 'sub-3' }));
      expect(await sessions().revokeByBrandSub('acme', 'main', 'sub-3', T0 + 7)).toEqual(['s1']);
    });

    it("lists every session of a consumer (live, revoked, expired) oldest first, and only that consumer's", async () => {
      const later = session('a-later', { createdAt: T0 + 10, brandSid: null });
      const tieB = session('b-tie', { createdAt: T0 + 5 });
      const tieA = session('a-tie', {
        createdAt: T0 + 5,
        authenticated: false,
        connectorId: null,
        brandSid: null,
      });
      const first = session('z-first', { createdAt: T0 - 10, expiresAt: T0 - 5 });
      for (const s of [later, tieB, tieA, first]) await sessions().create(s);
      await sessions().create(session('other-consumer', { consumerId: 'c2' }));
      await sessions().create(session('other-account', { accountId: 'globex' }));
      await sessions().revoke('b-tie', T0 + 7);

      const list = await sessions().listByConsumer('acme', 'c1');
      expect(list).toEqual([first, tieA, { ...tieB, revokedAt: T0 + 7 }, later]);
      expect(await sessions().listByConsumer('globex', 'c1')).toEqual([
        session('other-account', { accountId: 'globex' }),
      ]);
      expect(await sessions().listByConsumer('acme', 'missing')).toEqual([]);
      expect(await sessions().listByConsumer('acme', 'c\u00001')).toEqual([]);

      list[0]!.revokedAt = 1;
      expect((await sessions().get('z-first'))?.revokedAt).toBeNull();
      await sessions().deleteByConsumer('acme', 'c1');
      expect(await sessions().listByConsumer('acme', 'c1')).toEqual([]);
    });

    it("deletes every session of a consumer and only that consumer's", async () => {
      await sessions().create(session('s1'));
      await sessions().create(session('s2', { revokedAt: T0 + 1 }));
      await sessions().create(session('keep', { consumerId: 'c2' }));
      await sessions().create(session('keep-account', { accountId: 'globex' }));
      await sessions().deleteByConsumer('acme', 'c1');

      expect(await sessions().get('s1')).toBeNull();
      expect(await sessions().get('s2')).toBeNull();
      expect(await sessions().get('keep')).not.toBeNull();
      expect(await sessions().get('keep-account')).not.toBeNull();
      expect(await sessions().revokeByBrandSid('acme', 'main', 'sid-1', T0 + 2)).toEqual(['keep']);
      await sessions().create(session('s1'));
      expect(await sessions().get('s1')).toEqual(session('s1'));
    });

    it('purges only sessions expired before the cut-off, across consumers and accounts, revoked or not', async () => {
      await sessions().create(session('expired', { expiresAt: T0 - 2 * HOUR }));
      await sessions().create(session('expired-revoked', { expiresAt: T0 - HOUR, revokedAt: T0 - 2 * HOUR }));
      await sessions().create(
        session('expired-other', {
          accountId: 'globex',
          consumerId: 'c2',
          brandSid: null,
          expiresAt: T0 - 1,
        }),
      );
      await sessions().create(session('at-cut-off', { consumerId: 'c2', brandSid: null, expiresAt: T0 }));
      await sessions().create(session('live', { expiresAt: T0 + HOUR }));
      await sessions().create(session('revoked-not-expired', { expiresAt: T0 + HOUR, revokedAt: T0 - 1 }));

      expect(await sessions().purgeExpired(T0)).toBe(3);
      for (const id of ['expired', 'expired-revoked', 'expired-other']) {
        expect(await sessions().get(id)).toBeNull();
      }
      expect(await sessions().get('at-cut-off')).toEqual(
        session('at-cut-off', { consumerId: 'c2', brandSid: null, expiresAt: T0 }),
      );
      expect(await sessions().get('live')).toEqual(session('live'));
      expect(await sessions().get('revoked-not-expired')).toEqual(
        session('revoked-not-expired', { revokedAt: T0 - 1 }),
      );
      expect((await sessions().listByConsumer('acme', 'c1')).map((s) => s.id).sort()).toEqual([
        'live',
        'revoked-not-expired',
      ]);
      expect(await sessions().listByConsumer('globex', 'c2')).toEqual([]);
      // the brand sid index forgets purged sessions too
      expect(await sessions().revokeByBrandSid('acme', 'main', 'sid-1', T0 + 1)).toEqual(['live']);
    });

    it('purging is idempotent and returns 0 when nothing is expired', async () => {
      await sessions().create(session('expired', { expiresAt: T0 - 1 }));
      await sessions().create(session('live'));
      expect(await sessions().purgeExpired(T0)).toBe(1);
      expect(await sessions().purgeExpired(T0)).toBe(0);
      expect(await sessions().get('live')).toEqual(session('live'));
      await sessions().create(session('expired'));
      expect(await sessions().get('expired')).toEqual(session('expired'));
    });

    it('erases a consumer: sessions removed via deleteByConsumer, then the consumer deleted once', async () => {
      const { consumers } = ctx.stores();
      const c = await consumers.findOrCreateByIdentity({
        accountId: 'acme',
        issuer: 'https://i',
        subject: 'x',
        newId: 'c1',
        now: T0,
      });
      await sessions().create(session('s1', { consumerId: c.id }));
      await sessions().deleteByConsumer('acme', c.id);
      expect(await consumers.delete('acme', c.id)).toBe(true);
      expect(await consumers.delete('acme', c.id)).toBe(false);
      expect(await sessions().get('s1')).toBeNull();
    });
  });
}
