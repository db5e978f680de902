import type { ConsumerStore } from './identity/consumer-store.ts';
import type { SessionStore } from './session/session-store.ts';
import type { ReplayCache } from './token/replay-cache.ts';
import type { KeyStore } from './keys/key-store.ts';
import type { ConversationStore } from './conversation/conversation-store.ts';
import type { PkceStore } from './flows/pkce-store.ts';
import type { StateStore } from './flows/state-store.ts';
import type { AnonymousRefStore } from './flows/anonymous-ref-store.ts';
import type { AgentSessionStore } from './agent/agent-session-store.ts';
import type { AuditStore } from './audit/audit-store.ts';

export type { ConsumerStore, ConsumerRecord } from './identity/consumer-store.ts';
export type { SessionStore, SessionRecord } from './session/session-store.ts';
export type { ReplayCache } from './token/replay-cache.ts';
export type { KeyStore, StoredKey } from './keys/key-store.ts';
export type { IdpHttp } from './token/idp-http.ts';
export type { Clock } from './clock.ts';
export type { RateLimiter, RateLimitHit } from './rate-limit/rate-limiter.ts';
export type { PkceStore, PkceTransactionRecord } from './flows/pkce-store.ts';
export type { StateStore, PopupStateRecord } from './flows/state-store.ts';
export type { AnonymousRefStore, AnonymousRefRecord } from './flows/anonymous-ref-store.ts';
export type { AgentSessionStore, AgentSessionRevocation } from './agent/agent-session-store.ts';
export type { AuditStore, AuditEvent } from './audit/audit-store.ts';

/** A backing service (database, cache) a running Parley holds connections to. */
export interface BackingService {
  /** Throws if the service is unreachable (used by /readyz). */
  ping(): Promise<void>;
  /** Ends the connections to it. */
  close(): Promise<void>;
}

/**
 * The set of storage ports a running Parley needs; each storage adapter (memory, sqlite,
 * postgres) returns one.
 */
export interface Stores extends BackingService {
  consumers: ConsumerStore;
  sessions: SessionStore;
  replay: ReplayCache;
  keys: KeyStore;
  /** Web PKCE transactions (single use, 10 min). */
  pkce: PkceStore;
  /** Popup authorization states (single use, 10 min). */
  states: StateStore;
  /** Popup step-up references (single use, 2 min). */
  anonymousRefs: AnonymousRefStore;
  /** Conversations and messages (docs/realtime.md). */
  conversations: ConversationStore;
  /** Revoked agent sessions (agent logout). */
  agentSessions: AgentSessionStore;
  /** The audit log (docs/audit.md). */
  audit: AuditStore;
}
