import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_SCRYPT, createScryptPasswordHasher, hashPassword } from './scrypt-password-hasher.ts';

// libuv's pool has 4 threads unless the environment says otherwise; the rule is about that default
const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

describe('scrypt on the thread pool', () => {
  it('runs fewer computations at once than libuv has threads, so other pool work is not queued behind a burst', async () => {
    expect(MAX_CONCURRENT_SCRYPT).toBeLessThan(poolSize);
    const params = { N: 2 ** 15 }; // 32 MiB and tens of ms each: long enough to fill a queue
    const encoded = await hashPassword('pw', params);
    const hasher = createScryptPasswordHasher(params);
    const finished: string[] = [];
    const logins = Array.from({ length: 2 * poolSize }, (_, i) =>
      hasher.verify(`attempt-${i}`, encoded).then(() => void finished.push(`login ${i}`)),
    );
    // a file read (like a DNS lookup) also runs on the pool: queued FIFO behind every scrypt
    // without the limit, it would finish only after most logins
    const read = readFile(import.meta.filename).then(() => void finished.push('file read'));
    await Promise.all([...logins, read]);
    expect(finished.indexOf('file read')).toBeLessThan(MAX_CONCURRENT_SCRYPT);
  });

  it('still verifies every login of a burst with the right answer', async () => {
    const params = { N: 1024 };
    const encoded = await hashPassword('right', params);
    const hasher = createScryptPasswordHasher(params);
    const answers = await Promise.all(
      ['right', 'wrong', 'right', 'wrong', 'right', 'wrong'].map((pw) => hasher.verify(pw, encoded)),
    );
    expect(answers).toEqual([true, false, true, false, true, false]);
  });
});
