/**
 * Port: anonymous references for the popup step-up (`POST /authorize/anonymous-ref` →
 * `GET /authorize?anonymousRef=`). The page exchanges its anonymous session token for a
 * short-lived, single-use reference so the token itself never travels in a URL (history,
 * proxy and IdP logs); `/authorize` takes the reference once.
 */
export interface AnonymousRefRecord {
  /** base64url(SHA-256(reference)): the store never holds a usable reference. */
  id: string;
  accountId: string;
  /** The anonymous session the reference stands for (never its token). */
  sessionId: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; refused from this instant on. */
  expiresAt: number;
}

/**
 * Single-use store of anonymous references; same semantics as {@link PkceStore}: atomic
 * `take`, expired records returned for a while after `expiresAt`, then dropped by the adapter.
 */
export interface AnonymousRefStore {
  put(record: AnonymousRefRecord): Promise<void>;
  /** Removes and returns the record of `id` in `accountId`; null if unknown or already taken. */
  take(accountId: string, id: string): Promise<AnonymousRefRecord | null>;
}

/** Lifetime of an anonymous reference: long enough to open a popup, short if it leaks. */
export const ANONYMOUS_REF_TTL_MS = 2 * 60 * 1000;
