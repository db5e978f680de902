import type { ConsumerRecord } from '@parley/core';
import { parseObject } from './sqlite/json.ts';

type Claims = Record<string, unknown>;

/** A `consumers` row as both SQL adapters return it (`claims`, `unverified`: JSON text or parsed jsonb). */
export interface ConsumerRow {
  id: string;
  account_id: string;
  issuer: string | null;
  subject: string | null;
  claims: string | Claims;
  unverified: string | Claims;
  created_at: number;
  last_authenticated_at: number | null;
  merged_into: string | null;
}

const claimsOf = (column: string | Claims): Claims =>
  typeof column === 'string' ? parseObject(column) : column;

export function toConsumerRecord(row: ConsumerRow): ConsumerRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    issuer: row.issuer,
    subject: row.subject,
    claims: claimsOf(row.claims),
    unverified: claimsOf(row.unverified),
    createdAt: row.created_at,
    lastAuthenticatedAt: row.last_authenticated_at,
    mergedInto: row.merged_into,
  };
}
