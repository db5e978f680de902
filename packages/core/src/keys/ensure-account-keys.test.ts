import { describe, expect, it } from 'vitest';
import { createFakeClock, createTestKeyStore } from '../testing/index.ts';
import { ensureAccountKeys } from './ensure-account-keys.ts';
import type { KeyStore } from './key-store.ts';
import { publicEncryptionJwks } from './public-encryption-jwks.ts';

describe('ensureAccountKeys', () => {
  it('generates one RSA-OAEP-256 and one ECDH-ES P-256 key on first call', async () => {
    const keyStore = createTestKeyStore();
    const keys = await ensureAccountKeys(keyStore, 'acme', createFakeClock());
    expect(keys.map((k) => k.alg).sort()).toEqual(['ECDH-ES', 'RSA-OAEP-256']);
    const ec = keys.find((k) => k.alg === 'ECDH-ES')!;
    expect(ec.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'enc', alg: 'ECDH-ES', kid: ec.id });
    const rsa = keys.find((k) => k.alg === 'RSA-OAEP-256')!;
    expect(Buffer.from(rsa.privateJwk.n!, 'base64url').length * 8).toBe(2048);
    expect(keys.every((k) => k.owner === 'acme' && k.use === 'enc')).toBe(true);
  });

  it('returns the same keys on later calls without inserting again', async () => {
    const keyStore = createTestKeyStore();
    const first = await ensureAccountKeys(keyStore, 'acme', createFakeClock());
    const second = await ensureAccountKeys(keyStore, 'acme', createFakeClock());
    expect(second.map((k) => k.id).sort()).toEqual(first.map((k) => k.id).sort());
    expect(keyStore.inserts).toBe(2);
  });

  it('gives each account its own keys', async () => {
    const keyStore = createTestKeyStore();
    const a = await ensureAccountKeys(keyStore, 'a', createFakeClock());
    const b = await ensureAccountKeys(keyStore, 'b', createFakeClock());
    expect(a.find((k) => k.alg === 'ECDH-ES')!.privateJwk.d).not.toBe(
      b.find((k) => k.alg === 'ECDH-ES')!.privateJwk.d,
    );
  });

  it('keeps the racing winner keys when its insert loses', async () => {
    const winner = createTestKeyStore();
    const winnerKeys = await ensureAccountKeys(winner, 'acme', createFakeClock());
    let listed = 0;
    const racing: KeyStore = {
      list: async (owner) => (listed++ === 0 ? [] : winner.list(owner)),
      insert: (key) => winner.insert(key),
      delete: (id) => winner.delete(id),
    };
    const keys = await ensureAccountKeys(racing, 'acme', createFakeClock());
    expect(keys.map((k) => k.privateJwk.d).sort()).toEqual(winnerKeys.map((k) => k.privateJwk.d).sort());
  });

  it('refuses the deployment owner as an account id', async () => {
    await expect(ensureAccountKeys(createTestKeyStore(), '*', createFakeClock())).rejects.toThrow(TypeError);
  });
});

describe('publicEncryptionJwks', () => {
  it('publishes only public members of the enc keys', async () => {
    const keys = await ensureAccountKeys(createTestKeyStore(), 'acme', createFakeClock());
    const jwks = publicEncryptionJwks(keys);
    expect(jwks.keys).toHaveLength(2);
    for (const jwk of jwks.keys) {
      expect(jwk.use).toBe('enc');
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(jwk).not.toHaveProperty(member);
    }
  });

  it('strips private members even when only the private JWK is stored', async () => {
    const [key] = await ensureAccountKeys(createTestKeyStore(), 'acme', createFakeClock());
    const jwks = publicEncryptionJwks([{ ...key!, publicJwk: null }]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
