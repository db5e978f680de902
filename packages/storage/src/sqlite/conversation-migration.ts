/**
 * Schema of the SQLite ConversationStore (migration 3). `seq` is unique per conversation and a
 * repeated (conversation_id, client_message_id) is refused by a unique index, so even a bug in
 * the store could not store a message twice. NULL client ids never clash (NULLs are distinct).
 */
export const CONVERSATIONS_MIGRATION_SQL = `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    consumer_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'active', 'closed')),
    authenticated INTEGER NOT NULL,
    agent_id TEXT,
    created_at INTEGER NOT NULL,
    closed_at INTEGER,
    last_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX conversations_consumer ON conversations (account_id, consumer_id, created_at);
  CREATE INDEX conversations_account ON conversations (account_id, created_at);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    from_role TEXT NOT NULL CHECK (from_role IN ('consumer', 'agent', 'system')),
    sender_id TEXT,
    text TEXT NOT NULL,
    client_message_id TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX messages_seq ON messages (conversation_id, seq);
  CREATE UNIQUE INDEX messages_client_message_id ON messages (conversation_id, client_message_id);
`;
