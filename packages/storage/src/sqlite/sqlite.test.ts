import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '@parley/core/testing/clock';
import { migrate, migrations, openSqliteStores } from './index.ts';
import { createSqliteReplayCache } from './replay-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
let n = 0;
const tempPath = (): string => join(dir, `t-${++n}`, 'parley.db');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A second, raw connection to inspect a file the stores wrote. */
function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const count = (path: string, table: string): number =>
  inspect(path, (db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

describe('sqlite adapter', () => {
  it('creates the parent directory and turns WAL mode on', async () => {
    const path = tempPath();
    const stores = openSqliteStores({ path });
    await stores.ping();
    expect(inspect(path, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    await stores.close();
  });

  it('applies the migrations once and not again when the file is reopened', async () => {
    const path = tempPath();
    await openSqliteStores({ path }).close();
    const applied = () =>
      inspect(
        path,
        (db) => db.prepare('SELECT id, name FROM migrations ORDER BY id').all() as { id: number }[],
      );
    const first = applied();
    expect(first.map((row) => row.id)).toEqual(migrations.map((m) => m.id));

    await openSqliteStores({ path }).close();
    expect(applied()).toEqual(first);
    const db = new Database(path);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('applies only the pending migrations, in order, when a new one ships', () => {
    const db = new Database(':memory:');
    expect(migrate(db, migrations)).toEqual(migrations.map((m) => m.id));
    const nextId = Math.max(...migrations.map((m) => m.id)) + 1;
    const next = [...migrations, { id: nextId, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
    expect(migrate(db, next)).toEqual([nextId]);
    expect(migrate(db, next)).toEqual([]);
    db.close();
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations,
      {
        id: Math.max(...migrations.map((m) => m.id)) + 1,
        name: 'broken',
        sql: 'CREATE TABLE half (x); NOT SQL',
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('consumers', 'half')").get(),
    ).toEqual({
      n: 0,
    });
    db.close();
  });

  it('refuses a database migrated by a newer version', async () => {
    const path = tempPath();
    await openSqliteStores({ path }).close();
    const newer = new Database(path);
    newer.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (999, ?, 0)').run('future');
    newer.close();
    expect(() => openSqliteStores({ path })).toThrow(/999/);
  });

  it('keeps data across close and reopen', async () => {
    const path = tempPath();
    const first = openSqliteStores({ path });
    await first.consumers.findOrCreateByIdentity({
      accountId: 'acme',
      issuer: 'https://i',
      subject: 's',
      newId: 'c1',
      now: 1,
    });
    await first.consumers.saveVerifiedClaims({
      accountId: 'acme',
      consumerId: 'c1',
      claims: { email: 'e' },
      now: 2,
    });
    await first.sessions.create({
      id: 's1',
      accountId: 'acme',
      consumerId: 'c1',
      authenticated: true,
      connectorId: 'main',
      brandSid: null,
      brandSub: null,
      createdAt: 1,
      expiresAt: 10,
      revokedAt: null,
    });
    await first.replay.remember('jti:1', Date.now() + 60_000);
    await first.keys.insert({
      id: 'k1',
      owner: '*',
      use: 'sig',
      alg: 'HS256',
      privateJwk: { kty: 'oct', k: 'x' },
      publicJwk: null,
      createdAt: 1,
    });
    await first.close();

    const second = openSqliteStores({ path });
    expect(await second.consumers.get('acme', 'c1')).toMatchObject({
      claims: { email: 'e' },
      lastAuthenticatedAt: 2,
    });
    expect((await second.sessions.get('s1'))?.expiresAt).toBe(10);
    expect(await second.replay.remember('jti:1', Date.now() + 60_000)).toBe(false);
    expect((await second.keys.list('*')).map((k) => k.id)).toEqual(['k1']);
    await second.close();
  });

  it('agrees on find-or-create across two connections to one file', async () => {
    const path = tempPath();
    const a = openSqliteStores({ path });
    const b = openSqliteStores({ path });
    const input = { accountId: 'acme', issuer: 'https://i', subject: 's', now: 1 };
    const [x, y] = await Promise.all([
      a.consumers.findOrCreateByIdentity({ ...input, newId: 'from-a' }),
      b.consumers.findOrCreateByIdentity({ ...input, newId: 'from-b' }),
    ]);
    expect(x.id).toBe(y.id);
    await a.close();
    await b.close();
    expect(count(path, 'consumers')).toBe(1);
  });

  it('sweeps expired replay rows from the table and keeps live ones', async () => {
    const path = tempPath();
    const clock = createFakeClock();
    const stores = openSqliteStores({ path, clock });
    for (let i = 0; i < 5; i++) await stores.replay.remember(`old-${i}`, clock.now() + 10);
    await stores.replay.remember('live', clock.now() + 1_000);
    clock.advance(10);
    expect(stores.replay.sweep()).toBe(5);
    await stores.close();
    expect(count(path, 'replay')).toBe(1);
  });

  it('sweeps replay rows on its own every N inserts', async () => {
    const db = new Database(':memory:');
    migrate(db);
    const clock = createFakeClock();
    const replay = createSqliteReplayCache(db, { clock, sweepEvery: 10 });
    for (let i = 0; i < 95; i++) {
      await replay.remember(`k-${i}`, clock.now() + 1);
      clock.advance(1);
    }
    const rows = (db.prepare('SELECT count(*) AS n FROM replay').get() as { n: number }).n;
    expect(rows).toBeLessThanOrEqual(10);
    db.close();
  });

  it('uses the indexes for revocation and sweeping', () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan("SELECT id FROM sessions WHERE account_id = 'a' AND consumer_id = 'c'")).toMatch(
      /sessions_consumer/,
    );
    expect(
      plan("SELECT id FROM sessions WHERE account_id = 'a' AND connector_id = 'm' AND brand_sid = 's'"),
    ).toMatch(/sessions_brand_sid/);
    expect(plan('SELECT key FROM replay WHERE expires_at <= 5')).toMatch(/replay_expires_at/);
    db.close();
  });
});
