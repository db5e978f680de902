import type Database from 'better-sqlite3';
import { CONVERSATIONS_MIGRATION_SQL } from './conversation-migration.ts';
import { AGENT_SESSIONS_MIGRATION_SQL } from './agent-session-store.ts';
import { AUDIT_MIGRATION_SQL } from './audit-migration.ts';

/** One schema step. Ids are applied in ascending order and never reused or edited once shipped. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/**
 * The SQLite schema, oldest first. Append new steps (PkceStore, StateStore, ConversationStore
 * tables...) at the end; never edit an applied one. Times are integer epoch ms; JSON columns
 * are TEXT holding `JSON.stringify` output.
 */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'consumers, sessions, replay, keys',
    sql: `
      CREATE TABLE consumers (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        issuer TEXT,
        subject TEXT,
        claims TEXT NOT NULL DEFAULT '{}',
        unverified TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        last_authenticated_at INTEGER,
        merged_into TEXT
      );
      -- NULLs are distinct in a UNIQUE index, so anonymous consumers (NULL issuer/subject) never clash.
      CREATE UNIQUE INDEX consumers_identity ON consumers (account_id, issuer, subject);

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        consumer_id TEXT NOT NULL,
        authenticated INTEGER NOT NULL,
        connector_id TEXT,
        brand_sid TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX sessions_consumer ON sessions (account_id, consumer_id);
      CREATE INDEX sessions_brand_sid ON sessions (account_id, connector_id, brand_sid)
        WHERE brand_sid IS NOT NULL;

      CREATE TABLE replay (
        key TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX replay_expires_at ON replay (expires_at);

      CREATE TABLE keys (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        use TEXT NOT NULL CHECK (use IN ('enc', 'sig')),
        alg TEXT NOT NULL,
        private_jwk TEXT NOT NULL,
        public_jwk TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX keys_owner ON keys (owner, created_at);
    `,
  },
  {
    id: 2,
    name: 'one-time records: PKCE transactions, popup states',
    sql: `
      CREATE TABLE one_time_records (
        kind TEXT NOT NULL CHECK (kind IN ('pkce', 'state')),
        account_id TEXT NOT NULL,
        id TEXT NOT NULL,
        payload TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (kind, account_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX one_time_records_expires_at ON one_time_records (expires_at);
    `,
  },
  {
    id: 3,
    name: 'conversations and messages',
    sql: CONVERSATIONS_MIGRATION_SQL,
  },
  {
    id: 4,
    name: 'sessions by expiry, for purging expired sessions',
    sql: 'CREATE INDEX sessions_expires_at ON sessions (expires_at);',
  },
  {
    id: 5,
    name: 'sessions keep the brand sub, for back-channel logout by sub',
    sql: `
      ALTER TABLE sessions ADD COLUMN brand_sub TEXT;
      CREATE INDEX sessions_brand_sub ON sessions (account_id, connector_id, brand_sub)
        WHERE brand_sub IS NOT NULL;
    `,
  },
  { id: 6, name: 'agent session revocations', sql: AGENT_SESSIONS_MIGRATION_SQL },
  { id: 7, name: 'audit events', sql: AUDIT_MIGRATION_SQL },
  {
    id: 8,
    name: 'one-time records: popup step-up references',
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt with the new kind
    sql: `
      CREATE TABLE one_time_records_v8 (
        kind TEXT NOT NULL CHECK (kind IN ('pkce', 'state', 'anonymous-ref')),
        account_id TEXT NOT NULL,
        id TEXT NOT NULL,
        payload TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (kind, account_id, id)
      ) WITHOUT ROWID;
      INSERT INTO one_time_records_v8 (kind, account_id, id, payload, expires_at)
        SELECT kind, account_id, id, payload, expires_at FROM one_time_records;
      DROP TABLE one_time_records;
      ALTER TABLE one_time_records_v8 RENAME TO one_time_records;
      CREATE INDEX one_time_records_expires_at ON one_time_records (expires_at);
    `,
  },
];

/**
 * Applies the pending `list` steps in one IMMEDIATE transaction (so two processes opening one
 * file at once cannot both apply a step) and records each in the `migrations` table. Idempotent.
 * Throws if the file was migrated by a newer Parley (it holds a step this code does not know).
 * Returns the ids applied now.
 *
 * @example
 * ```ts
 * migrate(db); // [1] on a new file, [] on every later open
 * ```
 */
export function migrate(
  db: Database.Database,
  list: readonly Migration[] = migrations,
  now = Date.now(),
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const appliedIds = db.prepare<[], { id: number }>('SELECT id FROM migrations ORDER BY id');
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)',
  );
  const run = db.transaction((): number[] => {
    const applied = new Set(appliedIds.all().map((row) => row.id));
    const known = new Set(list.map((step) => step.id));
    const unknown = [...applied].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new Error(
        `database has migrations ${unknown.join(', ')} unknown to this Parley version (downgrade?)`,
      );
    }
    const pending = [...list].sort((a, b) => a.id - b.id).filter((step) => !applied.has(step.id));
    for (const step of pending) {
      db.exec(step.sql);
      record.run(step.id, step.name, now);
    }
    return pending.map((step) => step.id);
  });
  return run.immediate();
}
