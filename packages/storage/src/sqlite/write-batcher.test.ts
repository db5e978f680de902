import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.ts';
import { openSqliteStores } from './index.ts';
import { createSqliteReplayCache } from './replay-cache.ts';
import { writeBatcherFor } from './write-batcher.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-batch-'));
let n = 0;
const tempPath = (): string => join(dir, `t-${++n}`, 'parley.db');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file with one table `t (k TEXT PRIMARY KEY)`, opened by the adapter's own `openDatabase`. */
function openWithTable(path: string, busyTimeoutMs?: number): Database.Database {
  const db = openDatabase({ path, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)');
  return db;
}

const rowsOf = (db: Database.Database): string[] =>
  (db.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((row) => row.k);

/** Queues an insert of 'x' on a connection (busy_timeout `busyTimeoutMs`) while another holds the write lock. */
function writeWhileLocked(busyTimeoutMs: number) {
  const path = tempPath();
  const db = openWithTable(path, busyTimeoutMs);
  const holder = openWithTable(path);
  holder.exec('BEGIN IMMEDIATE');
  const write = writeBatcherFor(db).run(() => db.prepare('INSERT INTO t (k) VALUES (?)').run('x'));
  return { db, holder, write };
}

describe('sqlite group commit', () => {
  it('commits the writes of one event-loop turn together, and none is visible before its promise resolves', async () => {
    const path = tempPath();
    const db = openWithTable(path);
    const other = new Database(path, { readonly: true });
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const seenByOtherDuringBatch: string[][] = [];
    const batcher = writeBatcherFor(db);
    const first = batcher.run(() => insert.run('a').changes);
    const second = batcher.run(() => {
      seenByOtherDuringBatch.push(rowsOf(other)); // 'a' is written but not committed yet
      return insert.run('b').changes;
    });
    expect(rowsOf(other)).toEqual([]); // queued, not run

    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(seenByOtherDuringBatch).toEqual([[]]);
    expect(rowsOf(other)).toEqual(['a', 'b']);
    other.close();
    db.close();
  });

  it('rejects only the caller whose statement failed; the rest of the batch commits', async () => {
    const path = tempPath();
    const db = openWithTable(path);
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const batcher = writeBatcherFor(db);
    const results = await Promise.allSettled([
      batcher.run(() => insert.run('a')),
      batcher.run(() => insert.run('a')), // primary key clash
      batcher.run(() => insert.run('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(rowsOf(db)).toEqual(['a', 'c']);
    db.close();
  });

  it('keeps serving the event loop while another connection holds the write lock, then commits', async () => {
    // a blocking busy handler would freeze this process (and so the lock holder below) for a
    // minute, far past the test timeout; the batcher must retry on later turns instead
    const { db, holder, write } = writeWhileLocked(60_000);
    let settled = false;
    void write.finally(() => (settled = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);

    holder.exec('COMMIT');
    expect((await write).changes).toBe(1);
    expect(rowsOf(holder)).toEqual(['x']);
    holder.close();
    db.close();
  });

  it('rejects with SQLITE_BUSY once the lock is still held after busy_timeout', async () => {
    const { db, holder, write } = writeWhileLocked(40);
    await expect(write).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    holder.exec('ROLLBACK');
    expect(rowsOf(db)).toEqual([]);
    holder.close();
    db.close();
  });

  it('commits the writes already queued when the stores are closed', async () => {
    const path = tempPath();
    const stores = openSqliteStores({ path });
    const remembered = stores.replay.remember('idt:a:c:jti:queued', Date.now() + 60_000);
    await stores.close();
    expect(await remembered).toBe(true);
    const reopened = openSqliteStores({ path });
    expect(await reopened.replay.remember('idt:a:c:jti:queued', Date.now() + 60_000)).toBe(false);
    await reopened.close();
  });

  it('rejects a write queued after the connection was closed', async () => {
    const db = openWithTable(tempPath());
    const batcher = writeBatcherFor(db);
    db.close();
    await expect(batcher.run(() => 1)).rejects.toThrow(/not open/);
  });

  it('lets exactly one of two connections to one file (two cluster workers) record a jti', async () => {
    const path = tempPath();
    const [a, b] = [openDatabase({ path }), openDatabase({ path })];
    const expiresAt = Date.now() + 60_000;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        createSqliteReplayCache(a).remember(`idt:acc:main:jti:${i}`, expiresAt),
        createSqliteReplayCache(b).remember(`idt:acc:main:jti:${i}`, expiresAt),
      ]).flat(),
    );
    for (let i = 0; i < 20; i++) expect([outcomes[2 * i], outcomes[2 * i + 1]].sort()).toEqual([false, true]);
    a.close();
    b.close();
  });
});
