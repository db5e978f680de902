import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredKey } from '@parley/core';
import { createKeyCipher } from './key-cipher.ts';
import { openPostgresStores } from './postgres/index.ts';
import { SKIP_REASON, testDatabaseUrl, useScratchSchema } from './postgres/test-database.ts';
import { openSqliteStores } from './sqlite/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-sealed-keys-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ecKey(id: string): Promise<StoredKey> {
  const pair = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const meta = { kid: id, alg: 'ECDH-ES', use: 'enc' };
  return {
    id,
    owner: 'acme',
    use: 'enc',
    alg: 'ECDH-ES',
    privateJwk: { ...(await exportJWK(pair.privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(pair.publicKey)), ...meta },
    createdAt: 1_700_000_000_000,
  };
}

const rawSqliteRows = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { id: string; private_jwk: string }>('SELECT id, private_jwk FROM keys').all();
  } finally {
    db.close();
  }
};

describe('private keys at rest (SQLite)', () => {
  it('are stored sealed: the raw row holds no private member, and list returns the key', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const cipher = createKeyCipher(randomBytes(32));
    const key = await ecKey('acme-enc-ec-1');
    const stores = openSqliteStores({ path, keyCipher: cipher });
    await stores.keys.insert(key);
    expect(await stores.keys.list('acme')).toEqual([key]);
    await stores.close();
    const [row] = rawSqliteRows(path);
    expect(row!.private_jwk).not.toContain(key.privateJwk.d!);
    expect(JSON.parse(row!.private_jwk)).toMatchObject({ sealed: 'A256GCM', mk: cipher.id });
  });

  it('reads and seals plaintext rows written before encryption at rest', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const key = await ecKey('acme-enc-ec-1');
    const old = openSqliteStores({ path }); // an older version: no cipher
    await old.keys.insert(key);
    await old.close();
    expect(rawSqliteRows(path)[0]!.private_jwk).toContain(key.privateJwk.d!);

    const stores = openSqliteStores({ path, keyCipher: createKeyCipher(randomBytes(32)) });
    expect(rawSqliteRows(path)[0]!.private_jwk).not.toContain(key.privateJwk.d!);
    expect(await stores.keys.list('acme')).toEqual([key]);
    await stores.close();
  });

  it('refuses, naming the cause, a sealed key with another master key or none', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const stores = openSqliteStores({ path, keyCipher: createKeyCipher(randomBytes(32)) });
    await stores.keys.insert(await ecKey('k1'));
    await stores.close();
    const other = openSqliteStores({ path, keyCipher: createKeyCipher(randomBytes(32)) });
    await expect(other.keys.list('acme')).rejects.toThrow(/encrypted with master key .* not the configured/);
    await other.close();
    const none = openSqliteStores({ path });
    await expect(none.keys.list('acme')).rejects.toThrow(/is encrypted, but no master key/);
    await none.close();
  });

  it('refuses a sealed value moved to another key id', async () => {
    const path = join(dir, `db-${++n}.sqlite`);
    const cipher = createKeyCipher(randomBytes(32));
    const stores = openSqliteStores({ path, keyCipher: cipher });
    await stores.keys.insert(await ecKey('k1'));
    await stores.keys.insert(await ecKey('k2'));
    await stores.close();
    const db = new Database(path);
    db.prepare(
      "UPDATE keys SET private_jwk = (SELECT private_jwk FROM keys WHERE id = 'k1') WHERE id = 'k2'",
    ).run();
    db.close();
    const reopened = openSqliteStores({ path, keyCipher: cipher });
    await expect(reopened.keys.list('acme')).rejects.toThrow(/k2 failed decryption/);
    await reopened.close();
  });
});

describe.skipIf(!testDatabaseUrl)(`private keys at rest (PostgreSQL; ${SKIP_REASON})`, () => {
  const url = testDatabaseUrl ?? '';
  const { schema, admin } = useScratchSchema(url);
  const rawRows = async () =>
    (await admin.pool.query<{ private_jwk: object }>(`SELECT private_jwk FROM "${schema}".keys`)).rows.map(
      (r) => JSON.stringify(r.private_jwk),
    );

  it('seals plaintext rows of an older version at open, and new keys on insert', async () => {
    const key = await ecKey('acme-enc-ec-1');
    const old = await openPostgresStores({ url, schema });
    await old.keys.insert(key);
    await old.close();
    expect((await rawRows())[0]).toContain(key.privateJwk.d!);

    const cipher = createKeyCipher(randomBytes(32));
    const stores = await openPostgresStores({ url, schema, keyCipher: cipher });
    const added = await ecKey('acme-enc-ec-2');
    await stores.keys.insert({ ...added, createdAt: key.createdAt + 1 });
    const raw = (await rawRows()).join('\n');
    expect(raw).not.toContain(key.privateJwk.d!);
    expect(raw).not.toContain(added.privateJwk.d!);
    expect(await stores.keys.list('acme')).toEqual([key, { ...added, createdAt: key.createdAt + 1 }]);
    await stores.close();
  });
});
