import type { Pool, PoolClient } from 'pg';
import { AGENT_SESSIONS_MIGRATION_SQL } from './agent-session-store.ts';
import { AUDIT_MIGRATION_SQL } from './audit-migration.ts';

/** One schema step. Ids are applied in ascending order and never reused or edited once shipped. */
export interface PostgresMigration {
  id: number;
  name: string;
  sql: string;
}

/**
 * The PostgreSQL schema, oldest first. Append new steps at the end; never edit an applied one.
 * Times are `bigint` epoch ms (read back as numbers), JSON is `jsonb`, booleans are `boolean`.
 * Replay keys are stored as the SHA-256 of the key (`bytea`): fixed size, any characters, and
 * no authorization code or token hash lands in the database verbatim.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    id: 1,
    name: 'consumers, sessions, replay, keys',
    sql: `
      CREATE TABLE consumers (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        issuer text,
        subject text,
        claims jsonb NOT NULL DEFAULT '{}',
        unverified jsonb NOT NULL DEFAULT '{}',
        created_at bigint NOT NULL,
        last_authenticated_at bigint,
        merged_into text
      );
      -- NULLs are distinct in a UNIQUE index, so anonymous consumers (NULL issuer/subject) never clash.
      CREATE UNIQUE INDEX consumers_identity ON consumers (account_id, issuer, subject);

      CREATE TABLE sessions (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        consumer_id text NOT NULL,
        authenticated boolean NOT NULL,
        connector_id text,
        brand_sid text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        revoked_at bigint
      );
      CREATE INDEX sessions_consumer ON sessions (account_id, consumer_id);
      CREATE INDEX sessions_brand_sid ON sessions (account_id, connector_id, brand_sid)
        WHERE brand_sid IS NOT NULL;

      CREATE TABLE replay (
        key bytea PRIMARY KEY,
        expires_at bigint NOT NULL
      );
      CREATE INDEX replay_expires_at ON replay (expires_at);

      CREATE TABLE keys (
        id text PRIMARY KEY,
        owner text NOT NULL,
        use text NOT NULL CHECK (use IN ('enc', 'sig')),
        alg text NOT NULL,
        private_jwk jsonb NOT NULL,
        public_jwk jsonb,
        created_at bigint NOT NULL
      );
      CREATE INDEX keys_owner ON keys (owner, created_at);
    `,
  },
  {
    id: 2,
    name: 'one-time records: PKCE transactions, popup states',
    sql: `
      CREATE TABLE one_time_records (
        kind text NOT NULL CHECK (kind IN ('pkce', 'state')),
        account_id text NOT NULL,
        id text NOT NULL,
        payload jsonb NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (kind, account_id, id)
      );
      CREATE INDEX one_time_records_expires_at ON one_time_records (expires_at);
    `,
  },
  {
    id: 3,
    name: 'conversations and messages',
    sql: `
      CREATE TABLE conversations (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        consumer_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'active', 'closed')),
        authenticated boolean NOT NULL,
        agent_id text,
        created_at bigint NOT NULL,
        closed_at bigint,
        last_seq integer NOT NULL DEFAULT 0,
        -- insertion order, to break ties between conversations created in the same millisecond
        ord bigint GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX conversations_consumer ON conversations (account_id, consumer_id, created_at);
      CREATE INDEX conversations_account ON conversations (account_id, created_at);

      CREATE TABLE messages (
        id text PRIMARY KEY,
        conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        from_role text NOT NULL CHECK (from_role IN ('consumer', 'agent', 'system')),
        sender_id text,
        text text NOT NULL,
        client_message_id text,
        created_at bigint NOT NULL,
        UNIQUE (conversation_id, seq)
      );
      CREATE UNIQUE INDEX messages_client_message_id ON messages (conversation_id, client_message_id);
    `,
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
      ALTER TABLE sessions ADD COLUMN brand_sub text;
      CREATE INDEX sessions_brand_sub ON sessions (account_id, connector_id, brand_sub)
        WHERE brand_sub IS NOT NULL;
    `,
  },
  { id: 6, name: 'agent session revocations', sql: AGENT_SESSIONS_MIGRATION_SQL },
  { id: 7, name: 'audit events', sql: AUDIT_MIGRATION_SQL },
  {
    id: 8,
    name: 'one-time records: popup step-up references',
    sql: `
      ALTER TABLE one_time_records DROP CONSTRAINT one_time_records_kind_check;
      ALTER TABLE one_time_records ADD CONSTRAINT one_time_records_kind_check
        CHECK (kind IN ('pkce', 'state', 'anonymous-ref'));
    `,
  },
];

/** Key of the advisory lock that serialises migrations of one schema across nodes. */
const LOCK_NAMESPACE = 0x7061726c; // "parl"

/**
 * Applies the pending `list` steps in one transaction holding `pg_advisory_xact_lock` (keyed on
 * the schema), so several nodes starting together apply each step exactly once; the others
 * wait, then find nothing to do. Creates `schema` if given (else uses the connection's current
 * schema). Records each step in `migrations`. Throws if the schema holds a step this code does
 * not know (it was migrated by a newer Parley). Returns the ids applied now.
 *
 * @example
 * ```ts
 * await migratePostgres(pool, { schema: 'parley' }); // [1, 2, 3, 4, 5] on an empty schema, then []
 * ```
 */
export async function migratePostgres(
  pool: Pool,
  options: { schema?: string; list?: readonly PostgresMigration[]; now?: number } = {},
): Promise<number[]> {
  const list = options.list ?? postgresMigrations;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const applied = await migrateInTransaction(client, list, options.schema, options.now ?? Date.now());
      await client.query('COMMIT');
      return applied;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  } finally {
    client.release();
  }
}

async function migrateInTransaction(
  client: PoolClient,
  list: readonly PostgresMigration[],
  schema: string | undefined,
  now: number,
): Promise<number[]> {
  await client.query("SELECT pg_advisory_xact_lock($1, hashtext(coalesce($2, current_schema(), '')))", [
    LOCK_NAMESPACE,
    schema ?? null,
  ]);
  if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  await client.query(`CREATE TABLE IF NOT EXISTS migrations (
    id integer PRIMARY KEY,
    name text NOT NULL,
    applied_at bigint NOT NULL
  )`);
  const { rows } = await client.query<{ id: number }>('SELECT id FROM migrations ORDER BY id');
  const applied = new Set(rows.map((row) => row.id));
  const known = new Set(list.map((step) => step.id));
  const unknown = [...applied].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(
      `database has migrations ${unknown.join(', ')} unknown to this Parley version (downgrade?)`,
    );
  }
  const pending = [...list].sort((a, b) => a.id - b.id).filter((step) => !applied.has(step.id));
  for (const step of pending) {
    await client.query(step.sql);
    await client.query('INSERT INTO migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
      step.id,
      step.name,
      now,
    ]);
  }
  return pending.map((step) => step.id);
}

/** Quotes a schema name already checked by {@link assertSchemaName}. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Schema names are plain identifiers: letters, digits, `_`, at most 63 bytes, not `pg_*`. */
export function assertSchemaName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name) || /^pg_/i.test(name)) {
    throw new TypeError(`invalid PostgreSQL schema name ${JSON.stringify(name)}`);
  }
}
