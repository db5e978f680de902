import { describe, expect, it } from 'vitest';
import {
  SCRYPT_DEFAULTS,
  createScryptPasswordHasher,
  hashPassword,
  parseScryptHash,
} from './scrypt-password-hasher.ts';

const fast = { N: 1024 };

describe('scrypt password hashes', () => {
  it('encodes scrypt$N$r$p$salt$hash and verifies only the right password', async () => {
    const encoded = await hashPassword('s3cret-pass', fast);
    expect(encoded).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const hasher = createScryptPasswordHasher(fast);
    expect(await hasher.verify('s3cret-pass', encoded)).toBe(true);
    expect(await hasher.verify('s3cret-pasS', encoded)).toBe(false);
  });

  it('returns false for an unknown agent (null) and for a malformed hash, after doing the work', async () => {
    const hasher = createScryptPasswordHasher(fast);
    expect(await hasher.verify('anything', null)).toBe(false);
    expect(await hasher.verify('anything', 'plain-text')).toBe(false);
    expect(parseScryptHash('scrypt$1000$8$1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAA')).toBeNull(); // N not a power of 2
    expect(parseScryptHash('scrypt$4194304$8$1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAA')).toBeNull(); // N too large
  });

  it('makes new hashes with at least OWASP’s scrypt cost (N = 2^17, r = 8, p = 1)', () => {
    expect(SCRYPT_DEFAULTS.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(SCRYPT_DEFAULTS).toMatchObject({ r: 8, p: 1 });
  });

  it('still verifies a hash made with older parameters (they are in the hash string)', async () => {
    const older = await hashPassword('s3cret-pass', { N: 2 ** 15 });
    const hasher = createScryptPasswordHasher(); // today's defaults
    expect(await hasher.verify('s3cret-pass', older)).toBe(true);
    expect(await hasher.verify('s3cret-pasS', older)).toBe(false);
  });

  it('makes a decoy with the parameters of the given hash', async () => {
    const hasher = createScryptPasswordHasher(fast);
    const like = await hashPassword('x', { N: 2048, r: 4, p: 2 });
    expect(await hasher.decoy(like)).toMatch(/^scrypt\$2048\$4\$2\$/);
  });
});
