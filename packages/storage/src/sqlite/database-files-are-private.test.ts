import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'parley-sqlite-modes-'));
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022); // the usual default, under which files come out 0644
});
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('SQLite database files', () => {
  it('are created 0600 (db, -wal, -shm) in a directory Parley creates 0700', async () => {
    const dir = join(root, 'fresh', 'data');
    const path = join(dir, 'parley.db');
    const stores = openSqliteStores({ path });
    await stores.consumers.createAnonymous({ accountId: 'acme', id: 'c1', now: 1 }); // writes the WAL
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}-wal`)).toBe(0o600);
    expect(modeOf(`${path}-shm`)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(root, 'fresh'))).toBe(0o700);
    await stores.close();
  });

  it('tightens a world-readable database left by an older version', async () => {
    const path = join(root, 'old.db');
    writeFileSync(path, '', { mode: 0o644 });
    expect(modeOf(path)).toBe(0o644);
    const stores = openSqliteStores({ path });
    expect(modeOf(path)).toBe(0o600);
    await stores.close();
  });
});
