import type { SessionRecord } from '@parley/core';

/** A `sessions` row as both SQL adapters return it (`authenticated`: 0/1 in SQLite, boolean in PostgreSQL). */
export interface SessionRow {
  id: string;
  account_id: string;
  consumer_id: string;
  authenticated: boolean | number;
  connector_id: string | null;
  brand_sid: string | null;
  brand_sub: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    consumerId: row.consumer_id,
    authenticated: row.authenticated === true || row.authenticated === 1,
    connectorId: row.connector_id,
    brandSid: row.brand_sid,
    brandSub: row.brand_sub,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
