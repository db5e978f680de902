import type { Pool, PoolClient } from 'pg';
import {
  ONE_TIME_KINDS_WITH_ANONYMOUS_REF,
  pendingMigrations,
  schemaMigrations,
  type Migration,
  type SqlDialect,
} from '../schema.ts';

export type { Migration as PostgresMigration } from '../schema.ts';

/**
 * Times are `bigint` epoch ms (read back as numbers), JSON is `jsonb`, booleans are `boolean`.
 * Replay keys are stored as the SHA-256 of the key (`bytea`): fixed size, any characters, and
 * no authorization code or token hash lands in the database verbatim.
 */
const postgres: SqlDialect = {
  types: {
    TEXT: 'text',
    COUNTER: 'integer',
    TIME: 'bigint',
    JSON: 'jsonb',
    BOOLEAN: 'boolean',
    REPLAY_KEY: 'bytea',
  },
  keyedTable: '',
  // audit ids are indexed with the "C" collation, matching the byte-order paging of every adapter
  byteOrder: ' COLLATE "C"',
  conversationOrder: `,
        -- insertion order, to break ties between conversations created in the same millisecond
        ord bigint GENERATED ALWAYS AS IDENTITY`,
  messageSeqInTable: `,
        UNIQUE (conversation_id, seq)`,
  messageSeqIndex: '',
  oneTimeKindsWithAnonymousRef: `
      ALTER TABLE one_time_records DROP CONSTRAINT one_time_records_kind_check;
      ALTER TABLE one_time_records ADD CONSTRAINT one_time_records_kind_check
        CHECK (kind IN (${ONE_TIME_KINDS_WITH_ANONYMOUS_REF}));
    `,
};

/** The PostgreSQL schema, oldest first: the shared steps in PostgreSQL's words. */
export const postgresMigrations: readonly Migration[] = schemaMigrations(postgres);

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
  options: { schema?: string; list?: readonly Migration[]; now?: number } = {},
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
  list: readonly Migration[],
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
  const pending = pendingMigrations(
    list,
    rows.map((row) => row.id),
  );
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
