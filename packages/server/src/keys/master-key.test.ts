import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@parley/core';
import { MASTER_KEY_ENV, masterKeyFileFor, resolveMasterKey, warnAboutMasterKeyFile } from './master-key.ts';

const root = mkdtempSync(join(tmpdir(), 'parley-master-key-'));
let umask: number;
beforeAll(() => (umask = process.umask(0o022)));
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

const sqlite = (name: string) => ({ driver: 'sqlite' as const, path: join(root, name, 'parley.db') });
const postgres = { driver: 'postgres' as const, url: 'postgres://parley@db/parley' };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('the master key', () => {
  it('comes from PARLEY_MASTER_KEY (base64url or base64 of 32 bytes), the same key each time', () => {
    const bytes = randomBytes(32);
    const a = resolveMasterKey({ storage: postgres, env: { [MASTER_KEY_ENV]: bytes.toString('base64url') } });
    const b = resolveMasterKey({
      storage: sqlite('env'),
      env: { [MASTER_KEY_ENV]: bytes.toString('base64') },
    });
    expect(a.source).toBe('env');
    expect(a.cipher!.id).toBe(b.cipher!.id);
    const sealed = a.cipher!.seal('k1', { kty: 'oct', k: 'secret' });
    expect(b.cipher!.open('k1', sealed)).toEqual({ kty: 'oct', k: 'secret' });
  });

  it('refuses a malformed PARLEY_MASTER_KEY at start-up with a message naming the variable and the format', () => {
    for (const bad of [
      'short',
      randomBytes(16).toString('base64url'),
      `${randomBytes(32).toString('hex')}`,
    ]) {
      const problems = problemsOf(() =>
        resolveMasterKey({ storage: sqlite('bad'), env: { [MASTER_KEY_ENV]: bad } }),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^PARLEY_MASTER_KEY: must be 32 random bytes in base64url/);
      expect(problems[0]).not.toContain(bad);
    }
  });

  it('is required with PostgreSQL, where every node must share it', () => {
    expect(problemsOf(() => resolveMasterKey({ storage: postgres, env: {} }))[0]).toMatch(
      /^PARLEY_MASTER_KEY: required with storage.driver "postgres"/,
    );
  });

  it('without the variable, is a key file beside the SQLite database, generated 0600 once and then reused', () => {
    const storage = sqlite('file');
    const first = resolveMasterKey({ storage, env: {} });
    const file = masterKeyFileFor(storage.path);
    expect(file).toBe(join(root, 'file', 'parley.master-key'));
    expect(first).toMatchObject({ source: 'file', file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'file')).mode & 0o777).toBe(0o700);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')).toHaveLength(32);
    const again = resolveMasterKey({ storage, env: {} });
    expect(again.cipher!.id).toBe(first.cipher!.id);
  });

  it('warns once per process about a key file, never with the key', () => {
    const masterKey = resolveMasterKey({ storage: sqlite('warn'), env: {} });
    const lines: string[] = [];
    const logger = { warn: (obj: object, msg: string) => lines.push(JSON.stringify(obj) + msg) };
    warnAboutMasterKeyFile(masterKey, logger);
    warnAboutMasterKeyFile(masterKey, logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PARLEY_MASTER_KEY is not set');
    expect(lines[0]).not.toContain(readFileSync(masterKey.file!, 'utf8').trim());
  });

  it('is not needed with memory storage, and is a random one for an in-memory SQLite', () => {
    expect(resolveMasterKey({ storage: { driver: 'memory' }, env: {} })).toEqual({
      cipher: undefined,
      source: 'none',
    });
    expect(resolveMasterKey({ storage: { driver: 'sqlite', path: ':memory:' }, env: {} }).source).toBe(
      'memory',
    );
  });
});
