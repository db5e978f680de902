/** One schema step. Ids are applied in ascending order and never reused or edited once shipped. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/**
 * The column types the shared schema is written in, upper case (identifiers are lower case, so
 * a column named `text` is never taken for a type). Each is replaced by its dialect's word.
 */
export type ColumnType = 'TEXT' | 'COUNTER' | 'TIME' | 'JSON' | 'BOOLEAN' | 'REPLAY_KEY';

/**
 * How one SQL dialect spells what the schema needs, so that both SQL adapters create their
 * tables from one text. Each value is exactly what that adapter's migrations always wrote:
 * a step already applied to a database keeps its meaning.
 */
export interface SqlDialect {
  /**
   * `COUNTER` is a per-conversation counter (`seq`, `last_seq`), `TIME` epoch milliseconds,
   * `REPLAY_KEY` the replay key (PostgreSQL keeps its SHA-256 as bytes, SQLite the key itself).
   */
  types: Readonly<Record<ColumnType, string>>;
  /** appended to tables read only by their primary key (SQLite's `WITHOUT ROWID`) */
  keyedTable: string;
  /** appended to an id in an index so that it sorts by bytes, like every adapter pages */
  byteOrder: string;
  /** PostgreSQL numbers conversations in insertion order, to break ties within a millisecond */
  conversationOrder: string;
  /** how `(conversation_id, seq)` is made unique: a table constraint or an index of its own */
  messageSeqInTable: string;
  messageSeqIndex: string;
  /** step 8: lets `one_time_records.kind` be 'anonymous-ref' (SQLite must rebuild the table) */
  oneTimeKindsWithAnonymousRef: string;
}

/** `sql` with each {@link ColumnType} in the dialect's word. */
export function inDialect(sql: string, d: Pick<SqlDialect, 'types'>): string {
  return sql.replace(
    /\b(TEXT|COUNTER|TIME|JSON|BOOLEAN|REPLAY_KEY)\b/g,
    (word) => d.types[word as ColumnType],
  );
}

/** The `one_time_records` table (PKCE transactions, popup states, step-up references). */
export function oneTimeRecordsTableSql(table: string, kinds: string, keyedTable: string): string {
  return `
      CREATE TABLE ${table} (
        kind TEXT NOT NULL CHECK (kind IN (${kinds})),
        account_id TEXT NOT NULL,
        id TEXT NOT NULL,
        payload JSON NOT NULL,
        expires_at TIME NOT NULL,
        PRIMARY KEY (kind, account_id, id)
      )${keyedTable};`;
}

/** The kinds of one-time record that step 8 allows. */
export const ONE_TIME_KINDS_WITH_ANONYMOUS_REF = "'pkce', 'state', 'anonymous-ref'";

/** The schema of both SQL adapters, oldest first. Append new steps at the end; never edit an applied one. */
export function schemaMigrations(d: SqlDialect): Migration[] {
  const steps: Migration[] = [
    {
      id: 1,
      name: 'consumers, sessions, replay, keys',
      sql: `
      CREATE TABLE consumers (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        issuer TEXT,
        subject TEXT,
        claims JSON NOT NULL DEFAULT '{}',
        unverified JSON NOT NULL DEFAULT '{}',
        created_at TIME NOT NULL,
        last_authenticated_at TIME,
        merged_into TEXT
      );
      -- NULLs are distinct in a UNIQUE index, so anonymous consumers (NULL issuer/subject) never clash.
      CREATE UNIQUE INDEX consumers_identity ON consumers (account_id, issuer, subject);

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        consumer_id TEXT NOT NULL,
        authenticated BOOLEAN NOT NULL,
        connector_id TEXT,
        brand_sid TEXT,
        created_at TIME NOT NULL,
        expires_at TIME NOT NULL,
        revoked_at TIME
      );
      CREATE INDEX sessions_consumer ON sessions (account_id, consumer_id);
      CREATE INDEX sessions_brand_sid ON sessions (account_id, connector_id, brand_sid)
        WHERE brand_sid IS NOT NULL;

      CREATE TABLE replay (
        key REPLAY_KEY PRIMARY KEY,
        expires_at TIME NOT NULL
      )${d.keyedTable};
      CREATE INDEX replay_expires_at ON replay (expires_at);

      CREATE TABLE keys (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        use TEXT NOT NULL CHECK (use IN ('enc', 'sig')),
        alg TEXT NOT NULL,
        private_jwk JSON NOT NULL,
        public_jwk JSON,
        created_at TIME NOT NULL
      );
      CREATE INDEX keys_owner ON keys (owner, created_at);
    `,
    },
    {
      id: 2,
      name: 'one-time records: PKCE transactions, popup states',
      sql: `${oneTimeRecordsTableSql('one_time_records', "'pkce', 'state'", d.keyedTable)}
      CREATE INDEX one_time_records_expires_at ON one_time_records (expires_at);
    `,
    },
    // Conversations and messages. `seq` is unique per conversation and a repeated
    // (conversation_id, client_message_id) is refused by a unique index, so even a bug in a store
    // could not store a message twice. NULL client ids never clash (NULLs are distinct).
    {
      id: 3,
      name: 'conversations and messages',
      sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        consumer_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'active', 'closed')),
        authenticated BOOLEAN NOT NULL,
        agent_id TEXT,
        created_at TIME NOT NULL,
        closed_at TIME,
        last_seq COUNTER NOT NULL DEFAULT 0${d.conversationOrder}
      );
      CREATE INDEX conversations_consumer ON conversations (account_id, consumer_id, created_at);
      CREATE INDEX conversations_account ON conversations (account_id, created_at);

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq COUNTER NOT NULL,
        from_role TEXT NOT NULL CHECK (from_role IN ('consumer', 'agent', 'system')),
        sender_id TEXT,
        text TEXT NOT NULL,
        client_message_id TEXT,
        created_at TIME NOT NULL${d.messageSeqInTable}
      );${d.messageSeqIndex}
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
      ALTER TABLE sessions ADD COLUMN brand_sub TEXT;
      CREATE INDEX sessions_brand_sub ON sessions (account_id, connector_id, brand_sub)
        WHERE brand_sub IS NOT NULL;
    `,
    },
    {
      id: 6,
      name: 'agent session revocations',
      sql: `
      CREATE TABLE agent_session_revocations (
        token_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        expires_at TIME NOT NULL,
        revoked_at TIME NOT NULL
      )${d.keyedTable};
      CREATE INDEX agent_session_revocations_expires_at ON agent_session_revocations (expires_at);
    `,
    },
    // One row per audit event, optional fields NULL, `detail` a JSON object or NULL. Two indexes
    // besides the id: account pages and consumer export/erase. A page filtered by type walks the
    // account index (an admin read); no type index, because every index is one more B-tree write
    // on each login (measured: docs/audit.md).
    {
      id: 7,
      name: 'audit events',
      sql: `
      CREATE TABLE audit_events (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        at TIME NOT NULL,
        type TEXT NOT NULL,
        consumer_id TEXT,
        agent_id TEXT,
        session_id TEXT,
        connector_id TEXT,
        flow TEXT,
        code TEXT,
        detail JSON
      );
      CREATE INDEX audit_events_account ON audit_events (account_id, at, id${d.byteOrder});
      CREATE INDEX audit_events_consumer ON audit_events (account_id, consumer_id, at, id${d.byteOrder})
        WHERE consumer_id IS NOT NULL;
    `,
    },
    { id: 8, name: 'one-time records: popup step-up references', sql: d.oneTimeKindsWithAnonymousRef },
  ];
  return steps.map((step) => ({ ...step, sql: inDialect(step.sql, d) }));
}

/**
 * The steps of `list` not yet in `appliedIds`, by ascending id. Throws if the database holds a
 * step this code does not know (it was migrated by a newer Parley).
 */
export function pendingMigrations(list: readonly Migration[], appliedIds: readonly number[]): Migration[] {
  const applied = new Set(appliedIds);
  const known = new Set(list.map((step) => step.id));
  const unknown = [...applied].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(
      `database has migrations ${unknown.join(', ')} unknown to this Parley version (downgrade?)`,
    );
  }
  return [...list].sort((a, b) => a.id - b.id).filter((step) => !applied.has(step.id));
}
