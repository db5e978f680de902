import { Counter, Gauge, type Registry } from 'prom-client';

export type SocketRole = 'consumer' | 'agent';

/** What the WebSocket layer reports; every label is from a small fixed set (no ids). */
export interface RealtimeMetrics {
  opened(role: SocketRole): void;
  /** A socket closed, whoever closed it; `code` is the close code (1006 when dropped). */
  closed(role: SocketRole, code: number): void;
  /** A client frame arrived; `type` is its `type`, or `invalid` when it failed the checks. */
  received(role: SocketRole, type: string): void;
  sent(role: SocketRole, type: string): void;
  /** The server closed a socket 1013: its send buffer outgrew the bound. */
  slowReader(role: SocketRole): void;
  /** An `auth` was refused, or never came (close 4401 before authentication). */
  authFailed(role: SocketRole): void;
  /** A `message.send` stored a new message (repeats of a `clientMessageId` are not counted). */
  messageStored(role: SocketRole): void;
}

/** Close codes Parley uses or meets; anything else is counted as `other`. */
const KNOWN_CLOSE_CODES = new Set([1000, 1001, 1005, 1006, 1008, 1009, 1011, 1013, 4401, 4404]);

/**
 * Registers the WebSocket metrics on `registry`: `parley_ws_open_sockets{role}`,
 * `parley_ws_frames_received_total{role,type}`, `parley_ws_frames_sent_total{role,type}`,
 * `parley_ws_closes_total{role,code}`, `parley_ws_slow_reader_closes_total{role}`,
 * `parley_ws_auth_failures_total{role}`, `parley_messages_stored_total{from}`.
 *
 * @example
 * ```ts
 * const realtime = createRealtimeMetrics(registry);
 * realtime.opened('consumer');
 * ```
 */
export function createRealtimeMetrics(registry: Registry): RealtimeMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const open = new Gauge({
    name: 'parley_ws_open_sockets',
    help: 'Open WebSockets by role (consumer, agent)',
    labelNames: ['role'] as const,
    registers: [registry],
  });
  const received = counter(
    'parley_ws_frames_received_total',
    'Client frames received by role and frame type (invalid: failed the JSON/schema checks)',
    ['role', 'type'],
  );
  const sent = counter('parley_ws_frames_sent_total', 'Server frames sent by role and frame type', [
    'role',
    'type',
  ]);
  const closes = counter('parley_ws_closes_total', 'WebSocket closes by role and close code', [
    'role',
    'code',
  ]);
  const slow = counter(
    'parley_ws_slow_reader_closes_total',
    'Sockets closed 1013 because the client read too slowly',
    ['role'],
  );
  const authFailures = counter(
    'parley_ws_auth_failures_total',
    'Sockets closed 4401 before authenticating (bad, revoked or missing auth)',
    ['role'],
  );
  const stored = counter(
    'parley_messages_stored_total',
    'Messages stored from WebSocket message.send, by author role',
    ['from'],
  );
  for (const role of ['consumer', 'agent'] as const) open.set({ role }, 0);
  return {
    opened: (role) => open.inc({ role }),
    closed(role, code) {
      open.dec({ role });
      closes.inc({ role, code: KNOWN_CLOSE_CODES.has(code) ? String(code) : 'other' });
    },
    received: (role, type) => received.inc({ role, type }),
    sent: (role, type) => sent.inc({ role, type }),
    slowReader: (role) => slow.inc({ role }),
    authFailed: (role) => authFailures.inc({ role }),
    messageStored: (role) => stored.inc({ from: role }),
  };
}

/** For sockets built without the metrics plugin (unit tests). */
export const NO_REALTIME_METRICS: RealtimeMetrics = {
  opened: () => {},
  closed: () => {},
  received: () => {},
  sent: () => {},
  slowReader: () => {},
  authFailed: () => {},
  messageStored: () => {},
};
