/**
 * Wire shapes of the HTTP API (docs/protocol.md): one TypeBox schema per shape, which the
 * server's routes validate and serialize with and publish in the OpenAPI document, and the
 * TypeScript type of each derived from it. Request bodies are closed (`additionalProperties: false`).
 */
import Type, { type Static } from 'typebox';
import { isoDate, nullableIsoDate, nullableString, openObject, stringEnum } from './schema-kit.ts';

const sessionProperties = {
  consumerId: Type.String(),
  sessionToken: Type.String({
    description: 'Parley session token (Bearer on logout, `auth` frame on WebSocket)',
  }),
  expiresAt: isoDate,
  authenticated: Type.Boolean(),
};

/** `201` of `POST /anonymous` (and the shape every consumer session shares). */
export const SessionResponseSchema = Type.Object(sessionProperties, {
  description: 'Anonymous consumer session',
});
export type SessionResponse = Static<typeof SessionResponseSchema>;

/** `200` of `POST /authenticate`. */
export const AuthenticatedSessionResponseSchema = Type.Object(
  {
    ...sessionProperties,
    authenticated: Type.Literal(true),
    consumer: Type.Object({ displayName: nullableString() }),
  },
  { description: 'Authenticated consumer session' },
);
export type AuthenticatedSessionResponse = Static<typeof AuthenticatedSessionResponseSchema>;

/** Body of `POST /v1/accounts/{account}/authenticate`: exactly one credential. */
export const AuthenticateRequestSchema = Type.Object(
  {
    // no maxLength: a token over 16 KB is TOKEN_MALFORMED (pinned); the 64 KB body limit caps it
    idToken: Type.Optional(Type.String({ minLength: 1, description: 'JWS or JWE compact serialization' })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
    redirectUri: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    pkceTransaction: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    codeVerifier: Type.Optional(
      Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' }),
    ),
    connector: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    anonymousSessionToken: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
  },
  {
    description:
      'Exactly one credential: `idToken` (implicit), or `code` (+ `redirectUri`, + at most one of `pkceTransaction` / `codeVerifier`).',
    additionalProperties: false,
  },
);
export type AuthenticateRequest = Static<typeof AuthenticateRequestSchema>;

/** `POST /authorize/anonymous-ref`: a one-time reference to put on `GET /authorize?anonymousRef=`. */
export const AnonymousRefResponseSchema = Type.Object({
  anonymousRef: Type.String(),
  /** Two minutes after creation. */
  expiresAt: isoDate,
});
export type AnonymousRefResponse = Static<typeof AnonymousRefResponseSchema>;

/** Body of `POST /v1/accounts/{account}/pkce` (`{}`, `{ connector }` or none). */
export const PkceRequestSchema = Type.Object(
  { connector: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);
export type PkceRequest = Static<typeof PkceRequestSchema>;

export const PkceResponseSchema = Type.Object({
  transaction: Type.String(),
  codeChallenge: Type.String(),
  codeChallengeMethod: stringEnum(['S256']),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PkceResponse = Static<typeof PkceResponseSchema>;

/** A value from the verified token, shown to agents. */
export const CustomClaimViewSchema = Type.Object({
  claim: Type.String(),
  label: Type.String(),
  /** The value as this agent may see it: masked (`••••7890`), or null when `hidden`. */
  value: Type.Unknown(),
  masked: Type.Boolean(),
  /** True when the agent's role is in the claim's `hiddenFor`: the value was not sent at all. */
  hidden: Type.Optional(Type.Boolean()),
});
export type CustomClaimView = Static<typeof CustomClaimViewSchema>;

/** The connector whose login verified the consumer (the *Verified* badge). */
export const ProfileConnectorSchema = Type.Object({
  id: Type.String(),
  /** `connectors[].displayName`, else the connector id. */
  displayName: Type.String(),
});
export type ProfileConnector = Static<typeof ProfileConnectorSchema>;

/** The verified consumer profile (§4 `profile`). */
export const ConsumerProfileSchema = Type.Object({
  consumerId: Type.String(),
  authenticated: Type.Boolean(),
  issuer: nullableString(),
  /** The connector of `issuer` (null for an anonymous consumer or a connector since removed). */
  connector: Type.Optional(Type.Union([ProfileConnectorSchema, Type.Null()])),
  authenticatedAt: nullableIsoDate,
  verified: Type.Object({
    standard: openObject(),
    customerInfo: openObject(),
    personalInfo: openObject(),
    custom: Type.Array(CustomClaimViewSchema),
  }),
  unverified: openObject(),
});
export type ConsumerProfile = Static<typeof ConsumerProfileSchema>;

/** Admin consumer view (`GET /v1/admin/accounts/{account}/consumers/{id}`). */
export const AdminConsumerViewSchema = Type.Object({
  consumerId: Type.String(),
  issuer: nullableString(),
  subject: nullableString(),
  authenticated: Type.Boolean(),
  claims: openObject(),
  sdes: Type.Object({ customerInfo: openObject(), personalInfo: openObject() }),
  profile: ConsumerProfileSchema,
  createdAt: isoDate,
  lastAuthenticatedAt: nullableIsoDate,
});
export type AdminConsumerView = Static<typeof AdminConsumerViewSchema>;

/** A session as listed in the admin export (no token: only its server-side record). */
export const SessionRecordViewSchema = Type.Object({
  id: Type.String(),
  authenticated: Type.Boolean(),
  connectorId: nullableString(),
  createdAt: isoDate,
  expiresAt: isoDate,
  revokedAt: nullableIsoDate,
});
export type SessionRecordView = Static<typeof SessionRecordViewSchema>;

/**
 * An audit event on the wire (`GET /v1/admin/accounts/{account}/audit`, consumer export):
 * ids and catalogue codes only, never a token, claim value, email or IP address (docs/audit.md).
 */
export const AuditEventViewSchema = Type.Object(
  {
    id: Type.String(),
    accountId: Type.String(),
    at: isoDate,
    type: Type.String({ description: 'the event type (docs/audit.md)' }),
    consumerId: Type.Optional(Type.String()),
    agentId: Type.Optional(Type.String()),
    sessionId: Type.Optional(Type.String()),
    connectorId: Type.Optional(Type.String()),
    flow: Type.Optional(stringEnum(['implicit', 'code', 'pkce', 'popup'])),
    code: Type.Optional(Type.String({ description: 'error catalogue code of a failure' })),
    detail: Type.Optional(
      Type.Unsafe<Record<string, string | number | boolean>>({
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        description: 'ids and counts only',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AuditEventView = Static<typeof AuditEventViewSchema>;

/** `GET /v1/admin/accounts/{account}/audit`: one page, newest first. */
export const AuditPageSchema = Type.Object({
  events: Type.Array(AuditEventViewSchema),
  nextCursor: nullableString({ description: 'pass as `before` for the next, older page' }),
});
export type AuditPage = Static<typeof AuditPageSchema>;
