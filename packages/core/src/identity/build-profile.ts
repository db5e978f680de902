import type { ConsumerProfile, CustomClaimView } from '@parley/protocol';
import type { ClaimDisplayConfig } from '../config/schema.ts';
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

/**
 * Builds the verified profile agents see (docs/realtime.md `profile`). Custom claims are masked
 * unless `reveal` is true (roles allowed to see them unmasked).
 *
 * @example
 * ```ts
 * buildProfile(consumer, { claims: connector.claims }).verified.customerInfo.customerId;
 * ```
 */
export function buildProfile(
  consumer: ConsumerRecord,
  options: { claims: readonly ClaimDisplayConfig[]; reveal?: boolean },
): ConsumerProfile {
  const authenticated = consumer.issuer !== null;
  const standard: Record<string, unknown> = {};
  for (const name of STANDARD_CLAIMS) {
    if (consumer.claims[name] !== undefined) standard[name] = consumer.claims[name];
  }
  const sdes = parseSdes(consumer.claims.lp_sdes);
  const custom: CustomClaimView[] = [];
  for (const display of options.claims) {
    const value = readClaimPath(consumer.claims, display.claim);
    if (value === undefined) continue;
    const masked = display.mask !== 'none' && options.reveal !== true;
    custom.push({
      claim: display.claim,
      label: display.label,
      value: masked ? maskValue(value, display.mask) : value,
      masked,
    });
  }
  return {
    consumerId: consumer.id,
    authenticated,
    issuer: consumer.issuer,
    authenticatedAt:
      consumer.lastAuthenticatedAt === null ? null : new Date(consumer.lastAuthenticatedAt).toISOString(),
    verified: { standard, customerInfo: sdes.customerInfo, personalInfo: sdes.personalInfo, custom },
    unverified: { ...consumer.unverified },
  };
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
