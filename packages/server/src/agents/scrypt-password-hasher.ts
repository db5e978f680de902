import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '@parley/core';

/** scrypt cost parameters and sizes. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

/**
 * Parameters of new hashes: OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1), 128 MiB and a
 * few hundred ms per hash. Hashes made with other parameters still verify: they are in the
 * stored string.
 */
export const SCRYPT_DEFAULTS: Readonly<ScryptParams> = {
  N: 2 ** 17,
  r: 8,
  p: 1,
  keyLength: 32,
  saltLength: 16,
};

/**
 * At most this many scrypt computations run at once in the process. Node runs scrypt on libuv's
 * thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which also serves DNS
 * lookups (the IdP's host), file reads and zlib: a burst of agent logins must leave threads
 * for them, and each computation holds 128 MiB while it runs. The others wait their turn.
 */
export const MAX_CONCURRENT_SCRYPT = 2;

let running = 0;
const waiting: Array<() => void> = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_SCRYPT) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** Parses `scrypt$N$r$p$salt$hash` (base64url salt and hash); null if malformed or out of bounds. */
export function parseScryptHash(encoded: string): ParsedHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v ?? '') ? Number(v) : NaN)) as [
    number,
    number,
    number,
  ];
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const hash = Buffer.from(parts[5] ?? '', 'base64url');
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > 2 ** 20 || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below N = 2^17 (128 MiB), so allow that plus slack. */
const maxmem = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

/**
 * Encodes a new scrypt hash of `password` as `scrypt$N$r$p$salt$hash` (the format
 * `parley agent hash-password` prints and `agents[].passwordHash` accepts).
 */
export async function hashPassword(password: string, params: Partial<ScryptParams> = {}): Promise<string> {
  const { N, r, p, keyLength, saltLength } = { ...SCRYPT_DEFAULTS, ...params };
  const salt = randomBytes(saltLength);
  const hash = await derive(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * The scrypt {@link PasswordHasher}: constant-time comparison, and for an unknown agent
 * (`encoded === null`) or an unparsable hash the same scrypt work against a dummy hash.
 *
 * @example
 * ```ts
 * const passwords = createScryptPasswordHasher();
 * await passwords.verify('pw', agent?.passwordHash ?? null);
 * ```
 */
export function createScryptPasswordHasher(params: Partial<ScryptParams> = {}): PasswordHasher {
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex'), params));
  return {
    hash: (password) => hashPassword(password, params),
    async decoy(like) {
      const parsed = parseScryptHash(like);
      const same = parsed ? { N: parsed.N, r: parsed.r, p: parsed.p, keyLength: parsed.hash.length } : params;
      return hashPassword(randomBytes(16).toString('hex'), same);
    },
    async verify(password, encoded) {
      const parsed = encoded === null ? null : parseScryptHash(encoded);
      const target = parsed ?? (parseScryptHash(await dummyHash()) as ParsedHash);
      const { N, r, p } = target;
      const derived = await derive(password, target.salt, target.hash.length, {
        N,
        r,
        p,
        maxmem: maxmem(N, r),
      });
      return timingSafeEqual(derived, target.hash) && parsed !== null;
    },
  };
}
