import { describe, expect, it } from 'vitest';
import type { StoredKey } from '@parley/core';
import type { ContractContext } from './context.ts';

const T0 = 1_700_000_000_000;

function key(id: string, over: Partial<StoredKey> = {}): StoredKey {
  return {
    id,
    owner: 'acme',
    use: 'enc',
    alg: 'RSA-OAEP-256',
    privateJwk: { kty: 'RSA', kid: id, n: 'n', e: 'AQAB', d: 'd', alg: 'RSA-OAEP-256', use: 'enc' },
    publicJwk: { kty: 'RSA', kid: id, n: 'n', e: 'AQAB', alg: 'RSA-OAEP-256', use: 'enc' },
    createdAt: T0,
    ...over,
  };
}

/** The KeyStore part of the contract. */
export function keyStoreContract(ctx: ContractContext): void {
  const keys = () => ctx.stores().keys;

  describe('KeyStore', () => {
    it('lists nothing for an owner without keys', async () => {
      expect(await keys().list('acme')).toEqual([]);
    });

    it('inserts keys and lists them per owner, oldest first', async () => {
      const newer = key('k2', { createdAt: T0 + 10 });
      const older = key('k1');
      const signing: StoredKey = {
        ...key('sig-1', { owner: '*', use: 'sig', alg: 'HS256' }),
        privateJwk: { kty: 'oct', k: 'c2VjcmV0', kid: 'sig-1', alg: 'HS256', use: 'sig' },
        publicJwk: null,
      };
      expect(await keys().insert(newer)).toBe(true);
      expect(await keys().insert(older)).toBe(true);
      expect(await keys().insert(signing)).toBe(true);
      expect(await keys().insert(key('g1', { owner: 'globex' }))).toBe(true);

      expect(await keys().list('acme')).toEqual([older, newer]);
      expect(await keys().list('*')).toEqual([signing]);
      expect((await keys().list('globex')).map((k) => k.id)).toEqual(['g1']);
    });

    it('refuses a duplicate key id with false and keeps the first key', async () => {
      const first = key('k1');
      expect(await keys().insert(first)).toBe(true);
      expect(await keys().insert(key('k1', { alg: 'ECDH-ES', createdAt: T0 + 1 }))).toBe(false);
      expect(await keys().insert(key('k1', { owner: 'globex' }))).toBe(false);
      expect(await keys().list('acme')).toEqual([first]);
      expect(await keys().list('globex')).toEqual([]);
    });

    it('lets exactly one of several racing inserts of one key id win', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => keys().insert(key('k1', { createdAt: T0 + i }))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await keys().list('acme')).toHaveLength(1);
    });

    it('deletes a key by id, once, and only that key', async () => {
      expect(await keys().insert(key('k1'))).toBe(true);
      expect(await keys().insert(key('k2', { createdAt: T0 + 1 }))).toBe(true);
      expect(await keys().delete('k1')).toBe(true);
      expect(await keys().delete('k1')).toBe(false);
      expect(await keys().delete('unknown')).toBe(false);
      expect((await keys().list('acme')).map((k) => k.id)).toEqual(['k2']);
    });
  });
}
