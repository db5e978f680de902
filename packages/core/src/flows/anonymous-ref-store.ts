import type { OneTimeRecord, OneTimeStore } from './pkce-store.ts';

/**
 * Port: anonymous references for the popup step-up (`POST /authorize/anonymous-ref` →
 * `GET /authorize?anonymousRef=`). The page exchanges its anonymous session token for a
 * short-lived, single-use reference so the token itself never travels in a URL (history,
 * proxy and IdP logs); `/authorize` takes the reference once.
 */
export interface AnonymousRefRecord extends OneTimeRecord {
  /** base64url(SHA-256(reference)): the store never holds a usable reference. */
  id: string;
  /** The anonymous session the reference stands for (never its token). */
  sessionId: string;
}

/** Single-use store of anonymous references (atomic `take`, see {@link OneTimeStore}). */
export type AnonymousRefStore = OneTimeStore<AnonymousRefRecord>;

/** Lifetime of an anonymous reference: long enough to open a popup, short if it leaks. */
export const ANONYMOUS_REF_TTL_MS = 2 * 60 * 1000;
