import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { PkceTransactionRecord } from '@parley/core';
import { createKeyCipher } from './key-cipher.ts';
import { openPostgresStores } from './postgres/index.ts';
import { SKIP_REASON, testDatabaseUrl, useScratchSchema } from './postgres/test-database.ts';
import { openSqliteStores } from './sqlite/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-sealed-one-time-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const now = Date.now();
const transaction = (id: string): PkceTransactionRecord => ({
  id,
  accountId: 'acme',
  connectorId: 'main',
  codeVerifier: `verifier-${randomBytes(24).toString('base64url')}`,
  createdAt: now,
  expiresAt: now + 600_000,
});

const rawSqlitePayloads = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], { payload: string }>('SELECT payload FROM one_time_records')
      .all()
      .map((r) => r.payload);
  } finally {
    db.close();
  }
};

describe('one-time records at rest (SQLite)', () => {
  it('keep the PKCE verifier sealed in the row, and take returns the whole record', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const stores = openSqliteStores({ path, keyCipher: createKeyCipher(randomBytes(32)) });
    const record = transaction('tx-1');
    await stores.pkce.put(record);
    const [payload] = rawSqlitePayloads(path);
    expect(payload).not.toContain(record.codeVerifier);
    expect(JSON.parse(payload!)).toMatchObject({ id: 'tx-1', sealed: { sealed: 'A256GCM' } });
    expect(await stores.pkce.take('acme', 'tx-1')).toEqual(record);
    await stores.close();
  });

  it('refuse a sealed record copied under another id', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const cipher = createKeyCipher(randomBytes(32));
    const stores = openSqliteStores({ path, keyCipher: cipher });
    await stores.pkce.put(transaction('tx-1'));
    await stores.pkce.put(transaction('tx-2'));
    const db = new Database(path);
    db.prepare(
      "UPDATE one_time_records SET payload = (SELECT payload FROM one_time_records WHERE id = 'tx-1') WHERE id = 'tx-2'",
    ).run();
    db.close();
    await expect(stores.pkce.take('acme', 'tx-2')).rejects.toThrow(/failed decryption/);
    await stores.close();
  });

  it('still read a record stored in clear before sealing began', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const record = transaction('tx-1');
    const old = openSqliteStores({ path }); // an older version: no cipher
    await old.pkce.put(record);
    await old.close();
    expect(rawSqlitePayloads(path)[0]).toContain(record.codeVerifier);
    const stores = openSqliteStores({ path, keyCipher: createKeyCipher(randomBytes(32)) });
    expect(await stores.pkce.take('acme', 'tx-1')).toEqual(record);
    await stores.close();
  });
});

describe.skipIf(!testDatabaseUrl)(`one-time records at rest (PostgreSQL; ${SKIP_REASON})`, () => {
  const url = testDatabaseUrl ?? '';
  const { schema, admin } = useScratchSchema(url);

  it('keep the PKCE verifier sealed in the row, and take returns the whole record', async () => {
    const stores = await openPostgresStores({ url, schema, keyCipher: createKeyCipher(randomBytes(32)) });
    const record = transaction('tx-1');
    await stores.pkce.put(record);
    const { rows } = await admin.pool.query<{ payload: object }>(
      `SELECT payload FROM "${schema}".one_time_records`,
    );
    expect(JSON.stringify(rows[0]!.payload)).not.toContain(record.codeVerifier);
    expect(await stores.pkce.take('acme', 'tx-1')).toEqual(record);
    await stores.close();
  });
});
