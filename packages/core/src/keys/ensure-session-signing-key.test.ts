import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { createFakeClock, createMemoryKeyStore } from '../testing/index.ts';
import { ensureSessionSigningKey } from './ensure-session-signing-key.ts';
import type { KeyStore } from './key-store.ts';

describe('ensureSessionSigningKey', () => {
  it('creates one deployment-wide HS256 secret of 32 random bytes', async () => {
    const key = await ensureSessionSigningKey(createMemoryKeyStore(), createFakeClock());
    expect(key).toMatchObject({ owner: '*', use: 'sig', alg: 'HS256', publicJwk: null });
    expect(key.privateJwk.kty).toBe('oct');
    expect(base64url.decode(key.privateJwk.k!)).toHaveLength(32);
  });

  it('returns the stored secret on later calls', async () => {
    const keyStore = createMemoryKeyStore();
    const first = await ensureSessionSigningKey(keyStore, createFakeClock());
    expect((await ensureSessionSigningKey(keyStore, createFakeClock())).privateJwk.k).toBe(
      first.privateJwk.k,
    );
    expect(keyStore.inserts).toBe(1);
  });

  it('adopts the secret of a node that won the insert race', async () => {
    const shared = createMemoryKeyStore();
    const winner = await ensureSessionSigningKey(shared, createFakeClock());
    let listed = 0;
    const racing: KeyStore = {
      list: async (o) => (listed++ === 0 ? [] : shared.list(o)),
      insert: (k) => shared.insert(k),
    };
    expect((await ensureSessionSigningKey(racing, createFakeClock())).privateJwk.k).toBe(winner.privateJwk.k);
  });
});
