/**
 * Schema of the SQLite AuditStore. One row per event, optional fields NULL, `detail` a JSON
 * object or NULL. Two indexes besides the id: account pages and consumer export/erase. A page
 * filtered by type walks the account index (an admin read); no type index, because every index
 * is one more B-tree write on each login (measured: docs/audit.md).
 */
export const AUDIT_MIGRATION_SQL = `
  CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    consumer_id TEXT,
    agent_id TEXT,
    session_id TEXT,
    connector_id TEXT,
    flow TEXT,
    code TEXT,
    detail TEXT
  );
  CREATE INDEX audit_events_account ON audit_events (account_id, at, id);
  CREATE INDEX audit_events_consumer ON audit_events (account_id, consumer_id, at, id)
    WHERE consumer_id IS NOT NULL;
`;
