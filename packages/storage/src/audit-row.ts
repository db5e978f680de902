import type { AuditEvent } from '@parley/core';
import { parseObject } from './sqlite/json.ts';

/** An `audit_events` row as both SQL adapters return it (`detail`: JSON text or parsed jsonb). */
export interface AuditRow {
  id: string;
  account_id: string;
  at: number;
  type: AuditEvent['type'];
  consumer_id: string | null;
  agent_id: string | null;
  session_id: string | null;
  connector_id: string | null;
  flow: AuditEvent['flow'] | null;
  code: string | null;
  detail: unknown;
}

/** A row as an event: NULL columns become absent fields. */
export function toAuditEvent(row: AuditRow): AuditEvent {
  const event: AuditEvent = { id: row.id, accountId: row.account_id, at: Number(row.at), type: row.type };
  if (row.consumer_id !== null) event.consumerId = row.consumer_id;
  if (row.agent_id !== null) event.agentId = row.agent_id;
  if (row.session_id !== null) event.sessionId = row.session_id;
  if (row.connector_id !== null) event.connectorId = row.connector_id;
  if (row.flow !== null) event.flow = row.flow;
  if (row.code !== null) event.code = row.code;
  if (row.detail !== null && row.detail !== undefined) {
    const detail = typeof row.detail === 'string' ? parseObject(row.detail) : row.detail;
    event.detail = detail as NonNullable<AuditEvent['detail']>;
  }
  return event;
}

/** The `audit_events` columns in insert order, shared by both SQL adapters. */
export const AUDIT_COLUMNS =
  'id, account_id, at, type, consumer_id, agent_id, session_id, connector_id, flow, code, detail';

/** An event as the values of {@link AUDIT_COLUMNS}, in order: absent fields become NULL, `detail` JSON text. */
export function toAuditRowValues(e: AuditEvent): (string | number | null)[] {
  return [
    e.id,
    e.accountId,
    e.at,
    e.type,
    e.consumerId ?? null,
    e.agentId ?? null,
    e.sessionId ?? null,
    e.connectorId ?? null,
    e.flow ?? null,
    e.code ?? null,
    e.detail === undefined ? null : JSON.stringify(e.detail),
  ];
}
