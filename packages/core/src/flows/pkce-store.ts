/**
 * Port: Parley-held PKCE transactions (web PKCE flow, `POST /pkce`). The `codeVerifier` never
 * leaves Parley; the brand page only sees the S256 challenge and the opaque `id`.
 */
export interface PkceTransactionRecord {
  /** Opaque transaction id handed to the page (`transaction`). */
  id: string;
  accountId: string;
  connectorId: string;
  /** RFC 7636 code_verifier. Secret. */
  codeVerifier: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; the transaction is refused from this instant on. */
  expiresAt: number;
}

/**
 * Single-use store of PKCE transactions. `take` is atomic: of two concurrent calls for one id,
 * at most one gets the record. Expired records are still returned by `take` for a while (at
 * least {@link ONE_TIME_RECORD_RETENTION_MS} past `expiresAt`) so core can tell "expired"
 * from "unknown"; adapters drop them after that.
 */
export interface PkceStore {
  put(record: PkceTransactionRecord): Promise<void>;
  /** Removes and returns the record of `id` in `accountId`; null if unknown or already taken. */
  take(accountId: string, id: string): Promise<PkceTransactionRecord | null>;
}

/** How long adapters keep an expired PKCE/state record so a late use reads as "expired". */
export const ONE_TIME_RECORD_RETENTION_MS = 60 * 60 * 1000;

/** Lifetime of PKCE transactions and popup states (docs/protocol.md: 10 min). */
export const ONE_TIME_RECORD_TTL_MS = 10 * 60 * 1000;
