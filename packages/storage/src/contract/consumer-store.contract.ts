import { describe, expect, it } from 'vitest';
import type { ConsumerRecord } from '@parley/core';
import type { ContractContext } from './context.ts';

const ISS = 'https://login.acme.example';
const T0 = 1_700_000_000_000;

/** Alice's consumer `c1` in acme as first stored at T0, never signed in; `over` what differs. */
const aliceC1 = (over: Partial<ConsumerRecord> = {}): ConsumerRecord => ({
  id: 'c1',
  accountId: 'acme',
  issuer: ISS,
  subject: 'alice',
  claims: {},
  unverified: {},
  createdAt: T0,
  lastAuthenticatedAt: null,
  mergedInto: null,
  ...over,
});

/** The ConsumerStore part of the contract. */
export function consumerStoreContract(ctx: ContractContext): void {
  const consumers = () => ctx.stores().consumers;
  const identity = (subject: string, newId: string, over: { accountId?: string; issuer?: string } = {}) => ({
    accountId: over.accountId ?? 'acme',
    issuer: over.issuer ?? ISS,
    subject,
    newId,
    now: T0,
  });

  describe('ConsumerStore', () => {
    it('creates a consumer for a new identity with empty claims and no login yet', async () => {
      const c = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      expect(c).toEqual(aliceC1());
      expect(await consumers().get('acme', 'c1')).toEqual(c);
    });

    it('returns the same consumer for the same account, issuer and subject across calls', async () => {
      const first = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      const second = await consumers().findOrCreateByIdentity({ ...identity('alice', 'c2'), now: T0 + 5 });
      expect(second.id).toBe(first.id);
      expect(second.createdAt).toBe(T0);
      expect(await consumers().get('acme', 'c2')).toBeNull();
    });

    it('creates exactly one consumer under 50 concurrent find-or-create calls', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          consumers().findOrCreateByIdentity(identity('bob', `race-${i}`)),
        ),
      );
      const ids = new Set(results.map((c) => c.id));
      expect(ids.size).toBe(1);
      const [winner] = ids;
      const others = Array.from({ length: 50 }, (_, i) => `race-${i}`).filter((id) => id !== winner);
      for (const id of others) expect(await consumers().get('acme', id)).toBeNull();
    });

    it('gives different consumers to different accounts, issuers or subjects', async () => {
      const a = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      const b = await consumers().findOrCreateByIdentity(identity('alice', 'c2', { accountId: 'globex' }));
      const c = await consumers().findOrCreateByIdentity(
        identity('alice', 'c3', { issuer: 'https://other.example' }),
      );
      const d = await consumers().findOrCreateByIdentity(identity('alicia', 'c4'));
      expect(new Set([a.id, b.id, c.id, d.id]).size).toBe(4);
    });

    it('finds a consumer by identity without ever creating one', async () => {
      expect(await consumers().findByIdentity('acme', ISS, 'alice')).toBeNull();
      expect(await consumers().get('acme', 'c1')).toBeNull();
      const created = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      expect(await consumers().findByIdentity('acme', ISS, 'alice')).toEqual(created);
      expect(await consumers().findByIdentity('globex', ISS, 'alice')).toBeNull();
      expect(await consumers().findByIdentity('acme', 'https://other.example', 'alice')).toBeNull();
      expect(await consumers().findByIdentity('acme', ISS, 'alicia')).toBeNull();
      expect(await consumers().findByIdentity('acme', ISS, 'ali\u0000ce')).toBeNull();
      await consumers().delete('acme', 'c1');
      expect(await consumers().findByIdentity('acme', ISS, 'alice')).toBeNull();
    });

    it('does not find anonymous consumers by identity', async () => {
      await consumers().createAnonymous({ accountId: 'acme', id: 'anon-1', now: T0 });
      expect(await consumers().findByIdentity('acme', '', '')).toBeNull();
    });

    it('rejects a new id already used by another consumer', async () => {
      await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      await expect(consumers().findOrCreateByIdentity(identity('bob', 'c1'))).rejects.toThrow();
      await expect(consumers().createAnonymous({ accountId: 'acme', id: 'c1', now: T0 })).rejects.toThrow();
    });

    it('scopes get to the account: another account cannot read the consumer', async () => {
      await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      expect(await consumers().get('globex', 'c1')).toBeNull();
      expect(await consumers().get('acme', 'missing')).toBeNull();
    });

    it('saves verified claims, replaces them on the next login and sets lastAuthenticatedAt', async () => {
      await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      const claims = { email: 'a@acme.example', address: { country: 'NL' }, tags: ['gold'] };
      await consumers().saveVerifiedClaims({ accountId: 'acme', consumerId: 'c1', claims, now: T0 + 1 });
      expect(await consumers().get('acme', 'c1')).toMatchObject({ claims, lastAuthenticatedAt: T0 + 1 });

      await consumers().saveVerifiedClaims({
        accountId: 'acme',
        consumerId: 'c1',
        claims: { name: 'A' },
        now: T0 + 2,
      });
      expect(await consumers().get('acme', 'c1')).toMatchObject({
        claims: { name: 'A' },
        lastAuthenticatedAt: T0 + 2,
      });
    });

    it('stores unverified attributes apart, never replacing verified claims', async () => {
      await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      const claims = { email: 'a@acme.example' };
      await consumers().saveVerifiedClaims({ accountId: 'acme', consumerId: 'c1', claims, now: T0 + 1 });
      await consumers().setUnverified('acme', 'c1', { email: 'evil@example.com', plan: 'gold' });
      const c = await consumers().get('acme', 'c1');
      expect(c?.claims).toEqual(claims);
      expect(c?.unverified).toEqual({ email: 'evil@example.com', plan: 'gold' });

      await consumers().setUnverified('acme', 'c1', { plan: 'silver' });
      expect((await consumers().get('acme', 'c1'))?.unverified).toEqual({ plan: 'silver' });
      await consumers().saveVerifiedClaims({ accountId: 'acme', consumerId: 'c1', claims, now: T0 + 2 });
      expect((await consumers().get('acme', 'c1'))?.unverified).toEqual({ plan: 'silver' });
    });

    it('does not let another account write claims or attributes', async () => {
      await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      await consumers().saveVerifiedClaims({
        accountId: 'globex',
        consumerId: 'c1',
        claims: { x: 1 },
        now: T0 + 1,
      });
      await consumers().setUnverified('globex', 'c1', { y: 2 });
      await consumers().linkAnonymous({ accountId: 'globex', anonymousId: 'c1', authenticatedId: 'z' });
      expect(await consumers().get('acme', 'c1')).toMatchObject({
        claims: {},
        unverified: {},
        lastAuthenticatedAt: null,
        mergedInto: null,
      });
    });

    it('ignores writes to an unknown consumer', async () => {
      await consumers().saveVerifiedClaims({ accountId: 'acme', consumerId: 'ghost', claims: {}, now: T0 });
      await consumers().setUnverified('acme', 'ghost', {});
      await consumers().linkAnonymous({ accountId: 'acme', anonymousId: 'ghost', authenticatedId: 'c1' });
      expect(await consumers().get('acme', 'ghost')).toBeNull();
    });

    it('creates anonymous consumers with null issuer and subject, any number per account', async () => {
      const a = await consumers().createAnonymous({ accountId: 'acme', id: 'anon-1', now: T0 });
      const b = await consumers().createAnonymous({ accountId: 'acme', id: 'anon-2', now: T0 });
      expect(a).toEqual(aliceC1({ id: 'anon-1', issuer: null, subject: null }));
      expect(b.id).toBe('anon-2');
      expect(await consumers().get('acme', 'anon-2')).toEqual(b);
    });

    it('links an anonymous consumer to the authenticated one it stepped up into', async () => {
      await consumers().createAnonymous({ accountId: 'acme', id: 'anon-1', now: T0 });
      const auth = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      await consumers().linkAnonymous({ accountId: 'acme', anonymousId: 'anon-1', authenticatedId: auth.id });
      expect((await consumers().get('acme', 'anon-1'))?.mergedInto).toBe('c1');
      expect((await consumers().get('acme', 'c1'))?.mergedInto).toBeNull();
    });

    it('deletes a consumer once: true, then false, and its identity can sign up afresh', async () => {
      await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      expect(await consumers().delete('globex', 'c1')).toBe(false);
      expect(await consumers().delete('acme', 'c1')).toBe(true);
      expect(await consumers().delete('acme', 'c1')).toBe(false);
      expect(await consumers().get('acme', 'c1')).toBeNull();
      const again = await consumers().findOrCreateByIdentity(identity('alice', 'c2'));
      expect(again.id).toBe('c2');
    });

    describe('upsertAuthenticated', () => {
      const login = (
        subject: string,
        newId: string,
        claims: Record<string, unknown>,
        now: number,
        over: { accountId?: string; issuer?: string } = {},
      ) => consumers().upsertAuthenticated({ ...identity(subject, newId, over), claims, now });

      it('creates the consumer of a new identity with its claims and lastAuthenticatedAt', async () => {
        const c = await login('alice', 'c1', { email: 'a@acme.example' }, T0);
        expect(c).toEqual(aliceC1({ claims: { email: 'a@acme.example' }, lastAuthenticatedAt: T0 }));
        expect(await consumers().get('acme', 'c1')).toEqual(c);
        expect(await consumers().findByIdentity('acme', ISS, 'alice')).toEqual(c);
      });

      it('keeps the id and createdAt across logins, replaces claims, moves lastAuthenticatedAt', async () => {
        await login('alice', 'c1', { email: 'a@acme.example', address: { country: 'NL' } }, T0);
        await consumers().setUnverified('acme', 'c1', { plan: 'gold' });
        const again = await login('alice', 'c2', { name: 'A' }, T0 + 7);
        expect(again).toEqual(
          aliceC1({ claims: { name: 'A' }, unverified: { plan: 'gold' }, lastAuthenticatedAt: T0 + 7 }),
        );
        expect(await consumers().get('acme', 'c1')).toEqual(again);
        expect(await consumers().get('acme', 'c2')).toBeNull();
      });

      it('logs in a consumer created by findOrCreateByIdentity, keeping its id', async () => {
        const created = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
        const c = await login('alice', 'c2', { email: 'a@acme.example' }, T0 + 1);
        expect(c).toMatchObject({ id: created.id, createdAt: T0, lastAuthenticatedAt: T0 + 1 });
        expect(await consumers().findOrCreateByIdentity(identity('alice', 'c3'))).toEqual(c);
      });

      it('returns one consumer under 50 concurrent logins of one identity', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => login('bob', `race-${i}`, { n: i }, T0 + i)),
        );
        const ids = new Set(results.map((c) => c.id));
        expect(ids.size).toBe(1);
        const [winner] = ids;
        for (let i = 0; i < 50; i++) {
          if (`race-${i}` !== winner) expect(await consumers().get('acme', `race-${i}`)).toBeNull();
        }
        const stored = await consumers().findByIdentity('acme', ISS, 'bob');
        expect(stored?.id).toBe(winner);
        // createdAt is the creating call's `now` (race-i ran at T0 + i), never moved by later ones.
        expect(stored?.createdAt).toBe(T0 + Number(String(winner).slice('race-'.length)));
        // Whichever call committed last, claims and lastAuthenticatedAt come from one and the same login.
        expect(stored?.claims).toEqual({ n: (stored?.lastAuthenticatedAt ?? 0) - T0 });
      });

      it('keeps other accounts, issuers and subjects apart', async () => {
        await login('alice', 'c1', { who: 'acme' }, T0);
        await login('alice', 'c2', { who: 'globex' }, T0, { accountId: 'globex' });
        await login('alice', 'c3', { who: 'other-iss' }, T0, { issuer: 'https://other.example' });
        await login('alicia', 'c4', { who: 'alicia' }, T0);
        await login('alice', 'c5', { who: 'acme again' }, T0 + 1);
        expect((await consumers().get('acme', 'c1'))?.claims).toEqual({ who: 'acme again' });
        expect(await consumers().get('globex', 'c2')).toMatchObject({
          claims: { who: 'globex' },
          lastAuthenticatedAt: T0,
        });
        expect((await consumers().get('acme', 'c3'))?.claims).toEqual({ who: 'other-iss' });
        expect((await consumers().get('acme', 'c4'))?.claims).toEqual({ who: 'alicia' });
        expect(await consumers().get('acme', 'c5')).toBeNull();
      });

      it('leaves anonymous consumers untouched', async () => {
        const anonymous = await consumers().createAnonymous({ accountId: 'acme', id: 'anon-1', now: T0 });
        await consumers().setUnverified('acme', 'anon-1', { plan: 'trial' });
        const c = await login('alice', 'c1', { email: 'a@acme.example' }, T0 + 1);
        expect(c.id).toBe('c1');
        expect(await consumers().get('acme', 'anon-1')).toEqual({
          ...anonymous,
          unverified: { plan: 'trial' },
        });
      });

      it('rejects a new id already used by another consumer', async () => {
        await consumers().createAnonymous({ accountId: 'acme', id: 'c1', now: T0 });
        await expect(login('alice', 'c1', {}, T0)).rejects.toThrow();
        expect(await consumers().findByIdentity('acme', ISS, 'alice')).toBeNull();
      });

      it('hands out copies: mutating the input or the result does not change the store', async () => {
        const claims = { email: 'a@acme.example', nested: { n: 1 } };
        const c = await login('alice', 'c1', claims, T0);
        claims.nested.n = 2;
        c.claims.injected = true;
        expect((await consumers().get('acme', 'c1'))?.claims).toEqual({
          email: 'a@acme.example',
          nested: { n: 1 },
        });
      });
    });

    it('hands out copies: mutating a returned record does not change the store', async () => {
      const c = await consumers().findOrCreateByIdentity(identity('alice', 'c1'));
      const claims = { email: 'a@acme.example', nested: { n: 1 } };
      await consumers().saveVerifiedClaims({ accountId: 'acme', consumerId: 'c1', claims, now: T0 });
      claims.nested.n = 2;
      c.claims.injected = true;
      const read = await consumers().get('acme', 'c1');
      expect(read?.claims).toEqual({ email: 'a@acme.example', nested: { n: 1 } });
      (read?.claims.nested as { n: number }).n = 3;
      expect((await consumers().get('acme', 'c1'))?.claims).toEqual({
        email: 'a@acme.example',
        nested: { n: 1 },
      });
    });
  });
}
