/**
 * Schema of the PostgreSQL AuditStore: as SQLite's, with `bigint` times and `jsonb` detail.
 * Ids are indexed with the "C" collation, matching the byte-order paging of every adapter.
 */
export const AUDIT_MIGRATION_SQL = `
  CREATE TABLE audit_events (
    id text PRIMARY KEY,
    account_id text NOT NULL,
    at bigint NOT NULL,
    type text NOT NULL,
    consumer_id text,
    agent_id text,
    session_id text,
    connector_id text,
    flow text,
    code text,
    detail jsonb
  );
  CREATE INDEX audit_events_account ON audit_events (account_id, at, id COLLATE "C");
  CREATE INDEX audit_events_consumer ON audit_events (account_id, consumer_id, at, id COLLATE "C")
    WHERE consumer_id IS NOT NULL;
`;
