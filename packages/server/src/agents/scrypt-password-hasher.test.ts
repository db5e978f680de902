import { describe, expect, it } from 'vitest';
import { createScryptPasswordHasher, hashPassword, parseScryptHash } from './scrypt-password-hasher.ts';

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
});
