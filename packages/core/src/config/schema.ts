import { z } from 'zod';

/**
 * The configuration schema (docs/configuration.md): one source for validation, defaults and docs.
 * Every object is strict: an unknown key is an error naming its path.
 */

export const JWS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'HS256',
  'HS384',
  'HS512',
] as const;
export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];
export const ASYMMETRIC_ALGORITHMS = JWS_ALGORITHMS.filter((a) => !a.startsWith('HS'));
export const FLOWS = ['implicit', 'code', 'pkce'] as const;
export type Flow = (typeof FLOWS)[number];

const idString = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, "_" or "-"');
const url = z.url({ message: 'must be a URL' });
const jwkObject = z.looseObject({ kty: z.string() });

export const AGENT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const claimDisplaySchema = z.strictObject({
  /** Dotted path into the verified claims, e.g. `billing.plan`. */
  claim: z.string().min(1),
  label: z.string().min(1),
  /** `last4` shows only the last 4 characters; `full` hides the value entirely. */
  mask: z.enum(['none', 'last4', 'full']).default('none'),
  /** Agent roles that see this claim unmasked despite `mask`. */
  clearFor: z.array(z.enum(AGENT_ROLES)).default(['supervisor', 'admin']),
  /** Agent roles that never receive the value (they see that it is hidden); wins over `clearFor`. */
  hiddenFor: z.array(z.enum(AGENT_ROLES)).default([]),
});

export const connectorSchema = z.strictObject({
  id: idString,
  /** The login's name for people: the Agent Workspace's *Verified* badge shows it. */
  displayName: z.string().optional(),
  issuer: url,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  discoveryUrl: url.optional(),
  jwksUri: url.optional(),
  publicKeys: z.array(z.union([jwkObject, z.string().min(1)])).default([]),
  sharedSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  authorizationEndpoint: url.optional(),
  tokenEndpoint: url.optional(),
  tokenEndpointAuthMethod: z
    .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'])
    .default('client_secret_basic'),
  /** Private key (JWK or PEM) for `private_key_jwt` client authentication. */
  privateKey: z.union([jwkObject, z.string().min(1)]).optional(),
  redirectUris: z.array(url).default([]),
  /** OAuth scopes the popup's authorization request asks for; `openid` is always added. */
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be an OAuth scope token (RFC 6749 §3.3)'))
    .default(['openid', 'profile', 'email']),
  /** After a code exchange, fetch the UserInfo endpoint and add its claims (id_token wins). */
  userinfo: z.boolean().default(false),
  /** UserInfo endpoint (else from discovery). */
  userinfoEndpoint: url.optional(),
  flows: z.array(z.enum(FLOWS)).min(1).default(['implicit']),
  allowedAlgorithms: z
    .array(z.enum(JWS_ALGORITHMS))
    .min(1)
    .default([...ASYMMETRIC_ALGORITHMS]),
  encryption: z.enum(['disabled', 'optional', 'required']).default('optional'),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  maxTokenAgeSeconds: z.number().int().positive().default(3600),
  maxTokenLifetimeSeconds: z.number().int().positive().default(86400),
  jwksCacheSeconds: z.number().int().min(0).default(600),
  jwksRefreshCooldownSeconds: z.number().int().min(0).default(30),
  idpTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
  replayProtection: z.boolean().default(true),
  subjectClaim: z.string().min(1).default('sub'),
  claims: z.array(claimDisplaySchema).default([]),
});

export const accountSchema = z.strictObject({
  id: idString,
  name: z.string().min(1).optional(),
  allowedOrigins: z.array(url).default([]),
  sessionMaxSeconds: z.number().int().positive().default(3600),
  requireAuthentication: z.boolean().default(false),
  /** Consumers see the accepting agent's `agents[].name` (`agentName` in conversation frames). */
  showAgentNamesToConsumers: z.boolean().default(false),
  connectors: z.array(connectorSchema).default([]),
});

export const agentSchema = z.strictObject({
  account: idString,
  email: z.email(),
  /** Shown to colleagues in the Agent Workspace (and to consumers with `showAgentNamesToConsumers`). */
  name: z.string().min(1),
  /** `agent` reads queued conversations and its own; `supervisor`/`admin` read all of the account. */
  role: z.enum(AGENT_ROLES).default('agent'),
  password: z.string().min(8).optional(),
  passwordHash: z.string().min(1).optional(),
});

const rateLimitsSchema = z.strictObject({
  /** Unauthenticated account endpoints (anonymous, authenticate, pkce, popup, agent login), per client IP. */
  perIpPerMinute: z.number().int().positive().default(300),
  /** The same endpoints, per account, across every client IP. */
  perAccountPerMinute: z.number().int().positive().default(6000),
  /** Admin API requests per client IP (a wrong key counts: key guessing ends in 429). */
  adminPerIpPerMinute: z.number().int().positive().default(60),
  /** Agent login attempts per (account, email), whatever the IP: slows password guessing. */
  agentLoginPerEmailPerMinute: z.number().int().positive().default(10),
  /** WebSocket upgrades (consumer and agent sockets) per client IP. */
  socketUpgradesPerIpPerMinute: z.number().int().positive().default(120),
  /** Sockets per client IP that have not authenticated yet (each closes after the auth timeout). */
  unauthenticatedSocketsPerIp: z.number().int().positive().default(20),
});

/**
 * `server.trustProxy`: who may set `X-Forwarded-For` (passed to Fastify). `false`: nobody, the
 * client IP is the socket peer. A number: trust that many proxy hops. A list: the addresses or
 * CIDRs of the proxies (or `loopback`, `linklocal`, `uniquelocal`).
 */
const trustedProxy = z.union([
  z.ipv4(),
  z.ipv6(),
  z.cidrv4(),
  z.cidrv6(),
  z.enum(['loopback', 'linklocal', 'uniquelocal']),
]);
const trustProxySchema = z
  .union([
    z.literal(false),
    z.number().int().min(1).max(16),
    z.array(trustedProxy, { message: 'must be false, a hop count or a list of addresses/CIDRs' }).min(1),
  ])
  .default(false);

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      publicUrl: url.optional(),
      tls: z.strictObject({ certFile: z.string(), keyFile: z.string() }).optional(),
      workers: z.number().int().min(1).max(64).default(1),
      trustProxy: trustProxySchema,
    })
    .prefault({}),
  storage: z
    .discriminatedUnion('driver', [
      z.strictObject({ driver: z.literal('memory') }),
      z.strictObject({ driver: z.literal('sqlite'), path: z.string().default('./data/parley.db') }),
      z.strictObject({ driver: z.literal('postgres'), url: z.string().min(1) }),
    ])
    .prefault({ driver: 'sqlite' }),
  cache: z
    .discriminatedUnion('driver', [
      z.strictObject({ driver: z.literal('memory') }),
      z.strictObject({ driver: z.literal('redis'), url: z.string().min(1) }),
    ])
    .prefault({ driver: 'memory' }),
  adminApiKey: z.string().min(16, 'must be at least 16 characters').optional(),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  security: z
    .strictObject({
      allowInsecureIdpUrls: z.boolean().default(false),
      rateLimits: z.union([z.literal(false), rateLimitsSchema]).prefault({}),
    })
    .prefault({}),
  metrics: z
    .strictObject({ token: z.string().min(16, 'must be at least 16 characters').optional() })
    .prefault({}),
  audit: z.strictObject({ retentionDays: z.number().int().min(1).max(36_500).default(365) }).prefault({}),
  accounts: z.array(accountSchema).default([]),
  agents: z.array(agentSchema).default([]),
});

export type ParleyConfigInput = z.input<typeof configSchema>;
export type ParleyConfig = z.output<typeof configSchema> & { server: { publicUrl: string } };
export type AccountConfig = z.output<typeof accountSchema>;
export type ConnectorConfig = z.output<typeof connectorSchema>;
export type AgentConfig = z.output<typeof agentSchema>;
export type ClaimDisplayConfig = z.output<typeof claimDisplaySchema>;
