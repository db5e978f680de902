/**
 * Port: Parley-held PKCE transactions (web PKCE flow, `POST /pkce`). The `codeVerifier` never
 * leaves Parley; the brand page only sees the S256 challenge and the opaque `id`.
 */
export interface PkceTransactionRecord extends OneTimeRecord {
  /** Opaque transaction id handed to the page (`transaction`). */
  id: string;
  connectorId: string;
  /** RFC 7636 code_verifier. Secret. */
  codeVerifier: string;
}

/** What every single-use record (PKCE transaction, popup state, anonymous reference) holds. */
export interface OneTimeRecord {
  id: string;
  accountId: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; the record is refused from this instant on. */
  expiresAt: number;
}

/**
 * Single-use store of records keyed by account and id. `take` is atomic: of two concurrent
 * calls for one id, at most one gets the record. Expired records are still returned by `take`
 * for a while (at least {@link ONE_TIME_RECORD_RETENTION_MS} past `expiresAt`) so core can
 * tell "expired" from "unknown"; adapters drop them after that.
 */
export interface OneTimeStore<T extends OneTimeRecord> {
  put(record: T): Promise<void>;
  /** Removes and returns the record of `id` in `accountId`; null if unknown or already taken. */
  take(accountId: string, id: string): Promise<T | null>;
}

/** Single-use store of PKCE transactions. */
export type PkceStore = OneTimeStore<PkceTransactionRecord>;

/** How long adapters keep an expired PKCE/state record so a late use reads as "expired". */
export const ONE_TIME_RECORD_RETENTION_MS = 60 * 60 * 1000;

/** Lifetime of PKCE transactions and popup states (docs/protocol.md: 10 min). */
export const ONE_TIME_RECORD_TTL_MS = 10 * 60 * 1000;
