/**
 * One sentence per configuration key, keyed by its path in docs/configuration.md (`[]` marks an
 * array element). The generator refuses a schema key without a description here, and a
 * description for a key the schema no longer has, so the reference cannot drift.
 */
export const CONFIG_DESCRIPTIONS: Record<string, string> = {
  server: 'HTTP listener.',
  'server.host': 'Interface to listen on. Use `0.0.0.0` (or `::`) to accept connections from other machines.',
  'server.port': 'TCP port; `0` picks a free port. Overridden by `PARLEY_PORT` and `--port`.',
  'server.publicUrl':
    'Base URL browsers and brand IdPs reach Parley at (used for the popup `redirect_uri`). Default: `http://{host}:{port}`.',
  'server.tls': 'Serve HTTPS directly. Omit when a reverse proxy terminates TLS.',
  'server.tls.certFile': 'Path of the PEM certificate chain.',
  'server.tls.keyFile': 'Path of the PEM private key.',
  'server.workers':
    'Worker processes (node:cluster). Above 1, `npm start` forks that many workers sharing the port and the SQLite or PostgreSQL state; use `cache.driver: "redis"` so chat events and rate limits are shared too (memory storage is refused).',
  'server.trustProxy':
    'Who may set `X-Forwarded-For` (the client IP of every per-IP rate limit). `false`: nobody, the client is the TCP peer. A list of proxy addresses or CIDRs (or `loopback`, `linklocal`, `uniquelocal`): the safe form behind a load balancer. A hop count: trust that many proxies, only when Parley is reachable solely through them (a direct client could forge the header). See docs/production.md.',
  storage: 'Where consumers, sessions, conversations, one-time PKCE/state records and keys are stored.',
  'storage.driver':
    '`sqlite`: an embedded file, needs nothing else; `memory`: lost on restart (tests); `postgres`: several Parley nodes share it.',
  'storage.path':
    'SQLite database file, relative to the working directory. Its directory is created if missing.',
  'storage.url': 'PostgreSQL connection URL, e.g. `postgres://user:${PG_PASSWORD}@db:5432/parley`.',
  cache: 'Replay cache, rate-limit counters and real-time event fan-out.',
  'cache.driver': '`memory`: in-process (one node); `redis`: shared by several nodes.',
  'cache.url': 'Redis URL, e.g. `redis://cache:6379`.',
  adminApiKey: 'Bearer key of the `/v1/admin` API; put it in the environment (`"${PARLEY_ADMIN_API_KEY}"`).',
  log: 'Logging (JSON lines on stderr).',
  'log.level': 'Minimum level written.',
  security: 'Security switches.',
  'security.allowInsecureIdpUrls':
    'Permit `http://` and loopback/private IdP hosts, in the configuration and at request time. Development and tests only; logs a warning at start.',
  'security.rateLimits':
    'Limits on the unauthenticated endpoints, the admin API, WebSocket upgrades and agent login; `false` disables every one. Over a limit → 429 `RATE_LIMITED` with `Retry-After`.',
  'security.rateLimits.perIpPerMinute':
    'Requests per client IP per minute to the unauthenticated account endpoints (anonymous, authenticate, pkce, authorize, callback, back-channel logout, agent login).',
  'security.rateLimits.perAccountPerMinute':
    'Requests per account per minute to the same endpoints, all clients together (agent login excepted, so anonymous traffic cannot lock agents out).',
  'security.rateLimits.adminPerIpPerMinute':
    'Requests per client IP per minute to `/v1/admin/...`, wrong keys included: guessing the admin key ends in 429.',
  'security.rateLimits.agentLoginPerEmailPerMinute':
    'Agent login attempts per account and email per minute, from any IP; 5 × this per hour (backoff for the rest of the hour).',
  'security.rateLimits.socketUpgradesPerIpPerMinute':
    'WebSocket upgrades (consumer and agent) per client IP per minute.',
  'security.rateLimits.unauthenticatedSocketsPerIp':
    'Open WebSockets per client IP (per node) that have not sent a valid `auth` yet; one more is refused with 429 before the upgrade.',
  metrics: 'The Prometheus endpoint `GET /metrics`.',
  'metrics.token':
    'Bearer token `/metrics` requires (`Authorization: Bearer <token>`, compared in constant time; wrong or missing → 401). Without it `/metrics` is open: then keep it off the public network (docs/production.md). Put it in the environment (`"${PARLEY_METRICS_TOKEN}"`).',
  audit: 'Audit log (docs/audit.md).',
  'audit.retentionDays':
    'Days an audit event is kept; older ones are deleted hourly. Erasing a consumer deletes its events at once.',
  accounts: 'Brands (tenants). Each has its own encryption keys, consumers and conversations.',
  'accounts[].id': 'Account id used in URLs (`/v1/accounts/{id}/...`) and the widget `data-account`.',
  'accounts[].name': 'Display name.',
  'accounts[].allowedOrigins':
    'Origins (scheme://host[:port]) of the brand pages that may embed the widget and receive popup results. A browser request (it carries `Origin`) to an account route from any other origin is refused 403 `ORIGIN_NOT_ALLOWED` before anything is spent; agent routes also accept `server.publicUrl`. See docs/origins.md.',
  'accounts[].sessionMaxSeconds':
    'Longest Parley session; an authenticated session also ends no later than the id_token `exp`.',
  'accounts[].requireAuthentication': 'Refuse anonymous sessions everywhere (HTTP and WebSocket).',
  'accounts[].showAgentNamesToConsumers':
    "Consumers see the accepting agent's `agents[].name` (`agentName` in their conversation frames). Agents always see their colleagues' names.",
  'accounts[].connectors': "The brand's identity providers (OIDC clients).",
  'accounts[].connectors[].id':
    'Connector id (the `connector` field of `/authenticate`, `/pkce`, `/authorize`).',
  'accounts[].connectors[].displayName':
    "Name of this login for people: the sign-in button, and the Agent Workspace's *Verified via …* badge (the connector id when absent).",
  'accounts[].connectors[].issuer':
    'Expected `iss` of id_tokens; must be https unless `security.allowInsecureIdpUrls`.',
  'accounts[].connectors[].clientId':
    'OAuth client id Parley has at the IdP; id_tokens must have it in `aud`.',
  'accounts[].connectors[].clientSecret':
    'Client secret for the token endpoint (`client_secret_basic` / `client_secret_post`). Use `${ENV}`.',
  'accounts[].connectors[].discoveryUrl':
    'OpenID discovery document (`.../.well-known/openid-configuration`); supplies JWKS and endpoints not configured here.',
  'accounts[].connectors[].jwksUri': "The IdP's signing keys (JWKS); wins over the discovery document's.",
  'accounts[].connectors[].publicKeys':
    'Static verification keys: JWK objects or PEM strings (for IdPs without a JWKS URL).',
  'accounts[].connectors[].sharedSecret':
    'HMAC secret (at least 32 characters); only with it are HS256/384/512 accepted. Use `${ENV}`.',
  'accounts[].connectors[].authorizationEndpoint':
    'Authorization endpoint for the popup flow (else from discovery).',
  'accounts[].connectors[].tokenEndpoint':
    'Token endpoint for the `code` and `pkce` flows (else from discovery).',
  'accounts[].connectors[].tokenEndpointAuthMethod': 'How Parley authenticates to the token endpoint.',
  'accounts[].connectors[].privateKey':
    'Private key (JWK or PEM) for `private_key_jwt` client authentication.',
  'accounts[].connectors[].redirectUris':
    'Redirect URIs the brand pages use with `code`/`pkce`; an unregistered one is refused before any IdP call.',
  'accounts[].connectors[].scopes':
    'Scopes the popup (`/authorize`) asks for; `openid` is always added. Claims an IdP releases per scope (e.g. `profile`, `email`) reach the profile only through the id_token or UserInfo.',
  'accounts[].connectors[].userinfo':
    "After each code exchange (code, PKCE, popup), fetch the UserInfo endpoint with the access token and add its claims to the verified claims (the id_token's win on conflict); its `sub` must equal the id_token's (401 `TOKEN_SUBJECT_MISMATCH`).",
  'accounts[].connectors[].userinfoEndpoint':
    'UserInfo endpoint for `userinfo: true` (else from discovery); same URL policy as the other IdP URLs.',
  'accounts[].connectors[].flows':
    'Credentials this connector accepts: `implicit` (id_token), `code`, `pkce`.',
  'accounts[].connectors[].allowedAlgorithms':
    'JWS algorithms accepted for id_tokens (HS* need `sharedSecret`).',
  'accounts[].connectors[].encryption':
    'id_token encryption to the account keys: `disabled` refuses JWE, `optional` accepts both, `required` refuses plain JWS.',
  'accounts[].connectors[].clockToleranceSeconds': 'Clock skew tolerated on `exp`, `nbf` and `iat`.',
  'accounts[].connectors[].maxTokenAgeSeconds': 'Oldest `iat` accepted.',
  'accounts[].connectors[].maxTokenLifetimeSeconds': 'Largest `exp - iat` accepted.',
  'accounts[].connectors[].jwksCacheSeconds':
    'How long fetched JWKS keys are cached (served stale while the IdP is down).',
  'accounts[].connectors[].jwksRefreshCooldownSeconds':
    'At most one early JWKS refresh (for an unknown `kid`, or after a signature failure under a JWKS `kid`) per this many seconds.',
  'accounts[].connectors[].idpTimeoutMs':
    'Deadline of the IdP part of one login (`/authenticate`, popup callback), counted from its start: discovery, host checks, token endpoint (headers and body) and JWKS together, not each; then 502 `IDP_UNAVAILABLE`. Also the timeout of a JWKS refresh outside a login. With several connectors a login gets the longest.',
  'accounts[].connectors[].replayProtection':
    'Refuse an id_token presented twice (`jti`, or the hash of its signature); logout tokens share the namespace.',
  'accounts[].connectors[].subjectClaim': 'Claim holding the stable consumer id.',
  'accounts[].connectors[].claims': 'Custom claims shown to agents, with labels and masking.',
  'accounts[].connectors[].claims[].claim': 'Dotted path into the verified claims, e.g. `billing.plan`.',
  'accounts[].connectors[].claims[].label': 'Label shown to agents.',
  'accounts[].connectors[].claims[].mask':
    '`last4` shows only the last 4 characters; `full` hides the value. Roles in `clearFor` see it unmasked.',
  'accounts[].connectors[].claims[].clearFor':
    'Agent roles (`agent`, `supervisor`, `admin`) that see this claim unmasked despite `mask`.',
  'accounts[].connectors[].claims[].hiddenFor':
    'Agent roles that never receive the value: their workspace shows the label as hidden. Wins over `clearFor`. A standard claim (e.g. `email`) listed in `claims` is shown only here, with this masking.',
  agents: 'Agents who sign in to the Agent Workspace.',
  'agents[].account': 'Account id the agent works for.',
  'agents[].email': 'Login email.',
  'agents[].name':
    'Name shown to colleagues in the Agent Workspace, and to consumers where `showAgentNamesToConsumers` is on.',
  'agents[].role':
    '`agent` reads queued conversations, its own, and the history of a consumer it is handling; `supervisor` and `admin` read every conversation of the account. Also decides how each claim is shown (`clearFor`, `hiddenFor`).',
  'agents[].password': 'Plain password (use `${ENV}`); exactly one of `password` or `passwordHash`.',
  'agents[].passwordHash': 'Password hash instead of `password`.',
};
