import type { ConsumerProfile, CustomClaimView, ProfileConnector } from '@parley/protocol';
import type { AgentRole, ClaimDisplayConfig } from '../config/schema.ts';
import type { ConsumerRecord } from './consumer-store.ts';
import { parseSdes } from './parse-sdes.ts';
import { readClaimPath } from './read-claim-path.ts';
import { maskValue } from './mask-value.ts';

/** Standard OIDC claims shown as named fields (docs/protocol.md). */
export const STANDARD_CLAIMS = [
  'given_name',
  'family_name',
  'name',
  'email',
  'email_verified',
  'phone_number',
  'preferred_username',
  'gender',
  'birthdate',
  'locale',
  'address',
] as const;

/** Protocol claims that describe the token, not the consumer: never stored on the profile. */
export const PROTOCOL_CLAIMS = [
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'at_hash',
  'c_hash',
  'auth_time',
  'azp',
  'aud',
];

/** What {@link buildProfile} needs beside the consumer. */
export interface ProfileOptions {
  /** The connector's `claims[]` display config. */
  claims: readonly ClaimDisplayConfig[];
  /**
   * The reader's role: each claim is shown clear when the role is in its `clearFor` (or it has
   * no mask), masked otherwise, and not at all (`hidden`) when the role is in its `hiddenFor`.
   */
  role: AgentRole;
  /** The connector that verified the consumer (the badge shows its display name). */
  connector?: { id: string; displayName?: string | undefined } | null;
}

/**
 * Builds the verified profile agents see (docs/realtime.md `profile`), masked for the reader's
 * role. A standard claim named in `claims[]` moves to the custom list, so its masking holds.
 *
 * @example
 * ```ts
 * buildProfile(consumer, { claims: connector.claims, role: 'agent' }).verified.custom[0].masked;
 * ```
 */
export function buildProfile(consumer: ConsumerRecord, options: ProfileOptions): ConsumerProfile {
  const authenticated = consumer.issuer !== null;
  const configured = new Set(options.claims.map((c) => c.claim));
  const standard: Record<string, unknown> = {};
  for (const name of STANDARD_CLAIMS) {
    if (consumer.claims[name] !== undefined && !configured.has(name)) standard[name] = consumer.claims[name];
  }
  const sdes = parseSdes(consumer.claims.lp_sdes);
  const custom: CustomClaimView[] = [];
  for (const display of options.claims) {
    const value = readClaimPath(consumer.claims, display.claim);
    if (value !== undefined) custom.push(claimView(display, value, options.role));
  }
  return {
    consumerId: consumer.id,
    authenticated,
    issuer: consumer.issuer,
    connector: authenticated ? connectorView(options.connector) : null,
    authenticatedAt:
      consumer.lastAuthenticatedAt === null ? null : new Date(consumer.lastAuthenticatedAt).toISOString(),
    verified: { standard, customerInfo: sdes.customerInfo, personalInfo: sdes.personalInfo, custom },
    unverified: { ...consumer.unverified },
  };
}

/** One configured claim as `role` may see it. */
export function claimView(display: ClaimDisplayConfig, value: unknown, role: AgentRole): CustomClaimView {
  const base = { claim: display.claim, label: display.label };
  if (display.hiddenFor.includes(role)) return { ...base, value: null, masked: true, hidden: true };
  const masked = display.mask !== 'none' && !display.clearFor.includes(role);
  return { ...base, value: masked ? maskValue(value, display.mask) : value, masked };
}

function connectorView(connector: ProfileOptions['connector']): ProfileConnector | null {
  if (!connector) return null;
  return { id: connector.id, displayName: connector.displayName ?? connector.id };
}

/** The claims to persist from a verified token: everything but protocol claims. */
export function profileClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (!PROTOCOL_CLAIMS.includes(name)) kept[name] = value;
  }
  return kept;
}

/** A name for the chat header: `name`, else given + family, else `preferred_username`. */
export function displayNameOf(claims: Record<string, unknown>): string | null {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const given = str(claims.given_name);
  const family = str(claims.family_name);
  const joined = given || family ? [given, family].filter(Boolean).join(' ') : null;
  return str(claims.name) ?? joined ?? str(claims.preferred_username);
}
