import { describe, expect, it } from 'vitest';
import {
  ONE_TIME_RECORD_RETENTION_MS,
  type AnonymousRefRecord,
  type PkceTransactionRecord,
  type PopupStateRecord,
} from '@parley/core';
import type { ContractContext } from './context.ts';

const TTL = 10 * 60 * 1000;

/** The PkceStore, StateStore and AnonymousRefStore part of the contract: single use, account-scoped, expired records readable for a while. */
export function oneTimeStoreContract(ctx: ContractContext): void {
  /** What every one-time record holds: an id in account acme, valid for TTL from now. */
  const oneTime = (id: string) => ({
    id,
    accountId: 'acme',
    createdAt: ctx.clock().now(),
    expiresAt: ctx.clock().now() + TTL,
  });
  const pkceRecord = (id: string, over: Partial<PkceTransactionRecord> = {}): PkceTransactionRecord => ({
    ...oneTime(id),
    connectorId: 'main',
    codeVerifier: 'v'.repeat(43),
    ...over,
  });
  const stateRecord = (id: string, over: Partial<PopupStateRecord> = {}): PopupStateRecord => ({
    ...oneTime(id),
    connectorId: 'main',
    origin: 'https://www.acme.example',
    nonce: 'n-1',
    codeVerifier: 'v'.repeat(43),
    redirectUri: 'https://parley.example/v1/accounts/acme/callback',
    ...over,
  });
  const anonymousRefRecord = (id: string, over: Partial<AnonymousRefRecord> = {}): AnonymousRefRecord => ({
    ...oneTime(id),
    sessionId: 'anon-session-1',
    ...over,
  });

  describe('StateStore browser binding', () => {
    it('round-trips the hash of the popup cookie', async () => {
      const states = ctx.stores().states;
      const bound = stateRecord('s-bound', { browserBindingHash: 'h'.repeat(43) });
      await states.put(bound);
      expect(await states.take('acme', 's-bound')).toEqual(bound);
    });
  });

  describe('StateStore step-up field', () => {
    it('round-trips the anonymous session id of a popup state, and its absence', async () => {
      const states = ctx.stores().states;
      const withAnonymous = stateRecord('s-anon', { anonymousSessionId: 'anon-session-1' });
      await states.put(withAnonymous);
      await states.put(stateRecord('s-plain'));
      expect(await states.take('acme', 's-anon')).toEqual(withAnonymous);
      const plain = await states.take('acme', 's-plain');
      expect(plain).toEqual(stateRecord('s-plain'));
      expect(plain?.anonymousSessionId).toBeUndefined();
    });
  });

  const cases = [
    { name: 'PkceStore', store: () => ctx.stores().pkce, make: pkceRecord },
    { name: 'StateStore', store: () => ctx.stores().states, make: stateRecord },
    { name: 'AnonymousRefStore', store: () => ctx.stores().anonymousRefs, make: anonymousRefRecord },
  ] as const;

  for (const { name, store, make } of cases) {
    describe(name, () => {
      it('returns a stored record once, then null', async () => {
        const record = make('t1');
        await store().put(record as never);
        expect(await store().take('acme', 't1')).toEqual(record);
        expect(await store().take('acme', 't1')).toBeNull();
      });

      it('returns null for an unknown id and for another account', async () => {
        await store().put(make('t1') as never);
        expect(await store().take('acme', 'nope')).toBeNull();
        expect(await store().take('globex', 't1')).toBeNull();
        expect(await store().take('acme', 't1')).not.toBeNull();
      });

      it('lets exactly one of 20 concurrent takes win', async () => {
        await store().put(make('race') as never);
        const results = await Promise.all(Array.from({ length: 20 }, () => store().take('acme', 'race')));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });

      it('still returns a just-expired record so core can say "expired", once', async () => {
        await store().put(make('late') as never);
        ctx.clock().advance(TTL + 1);
        const record = await store().take('acme', 'late');
        expect(record?.expiresAt).toBeLessThan(ctx.clock().now());
        expect(await store().take('acme', 'late')).toBeNull();
      });

      it('forgets a record expired longer than the retention', async () => {
        await store().put(make('old') as never);
        ctx.clock().advance(TTL + ONE_TIME_RECORD_RETENTION_MS + 1);
        expect(await store().take('acme', 'old')).toBeNull();
      });
    });
  }
}
