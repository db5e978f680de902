import type { FastifyReply } from 'fastify';
import { ParleyError } from '@parley/core';
import type { Connection } from './connection.ts';

/** Sockets that have not authenticated yet, per client IP, with a cap on their number. */
export interface PendingSockets {
  /** Throws 429 `RATE_LIMITED` when `ip` already holds the maximum of unauthenticated sockets. */
  admit(ip: string, reply: FastifyReply): void;
  /** Tracks a new socket of `ip` until it authenticates or closes. */
  add(ip: string, connection: Connection): void;
}

/**
 * Caps unauthenticated sockets per client IP on this node: each one holds memory and a timer
 * until its `auth` deadline, so without a cap one client could open thousands and wait.
 * Authenticated sockets are not counted (they are bounded by sessions). The per-IP set is
 * pruned on each admission, so it never holds more than the cap plus the sockets that
 * authenticated since.
 *
 * @example
 * ```ts
 * const pending = createPendingSockets(20);
 * pending.admit(request.ip, reply); // before the upgrade
 * ```
 */
export function createPendingSockets(maxPerIp: number): PendingSockets {
  const byIp = new Map<string, Set<Connection>>();
  const prune = (ip: string): Set<Connection> | undefined => {
    const set = byIp.get(ip);
    if (!set) return undefined;
    for (const c of set) if (c.authenticated) set.delete(c);
    if (set.size === 0) byIp.delete(ip);
    return set.size === 0 ? undefined : set;
  };
  return {
    admit(ip, reply) {
      if ((prune(ip)?.size ?? 0) < maxPerIp) return;
      reply.header('retry-after', '5');
      throw new ParleyError('RATE_LIMITED', 'too many unauthenticated sockets from this client');
    },
    add(ip, connection) {
      const set = byIp.get(ip) ?? new Set<Connection>();
      set.add(connection);
      byIp.set(ip, set);
      connection.onClose(() => {
        set.delete(connection);
        if (set.size === 0 && byIp.get(ip) === set) byIp.delete(ip);
      });
    },
  };
}
