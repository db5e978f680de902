import { MAX_TOKEN_LENGTH, ONE_TIME_RECORD_TTL_MS } from '@parley/core';
import { BODY_LIMIT_BYTES } from '../../packages/server/src/app.ts';
import { DEFAULT_MAX_IDP_RESPONSE_BYTES } from '../../packages/server/src/idp/fetch-idp-http.ts';
import { CONFIG_DESCRIPTIONS } from './config-descriptions.ts';
import { configRows, type ConfigRow } from './config-rows.ts';
import { GENERATED_NOTICE, cell } from './markdown.ts';

const EXAMPLE = {
  server: { host: '0.0.0.0', port: 8080, publicUrl: 'https://chat.acme.example' },
  storage: { driver: 'sqlite', path: './data/parley.db' },
  cache: { driver: 'memory' },
  adminApiKey: '${PARLEY_ADMIN_API_KEY}',
  accounts: [
    {
      id: 'acme',
      name: 'Acme Bank',
      allowedOrigins: ['https://www.acme.example'],
      connectors: [
        {
          id: 'main',
          issuer: 'https://login.acme.example',
          clientId: 'parley',
          discoveryUrl: 'https://login.acme.example/.well-known/openid-configuration',
          flows: ['implicit'],
        },
      ],
    },
  ],
};

/**
 * docs/configuration.md: every key of `configSchema` (type, default, description) plus the
 * loading rules and the published limits. Throws when a key lacks a description, or a
 * description names a key the schema does not have.
 */
export function renderConfiguration(): string {
  const rows = configRows();
  checkDescriptions(rows);
  const at = (path: string) => rows.find((r) => r.path === path)?.default ?? '(none)';
  const connector = (key: string) => at(`accounts[].connectors[].${key}`);
  return `# Configuration

${GENERATED_NOTICE}

Parley reads one JSON file at start-up, validates it once and refuses to start on any problem.

## Where the configuration comes from

1. \`npm start -- --config <file>\`, else the \`PARLEY_CONFIG\` environment variable, else no file:
   the **local demo** (SQLite at \`./data/parley.db\`, in-process cache, the demo brand
   "Demo Bank" of \`examples/brand-demo\` with a real OpenID Provider, one account \`demo\` whose
   connector \`demo\` signs consumers in through that provider, and one agent
   \`agent@demo.example\`; see [guides/try-the-demo.md](guides/try-the-demo.md)). The demo's
   admin API key and agent password are generated at each start and printed; they are never
   written to a file.
2. The port: \`--port <n>\` wins over \`PARLEY_PORT\`, which wins over \`server.port\` in the file.
   \`0\` picks a free port; the \`listening on <base url>\` line shows the real one.
3. Relative paths (\`storage.path\`, \`server.tls.*\`) are relative to the working directory.

Once serving, Parley prints exactly one line \`listening on <base url>\` on stdout (logs are JSON
lines on stderr).

## Secrets: \`\${ENV}\` references

Any string in the file may contain \`\${NAME}\` references, replaced by the environment variable
\`NAME\` before validation, so secrets stay out of the file:

\`\`\`json
{ "adminApiKey": "\${PARLEY_ADMIN_API_KEY}" }
\`\`\`

A variable that is not set is an error naming the key:
\`accounts[0].connectors[0].clientSecret: environment variable ACME_SECRET is not set\`.

## Validation

Every object is strict: an unknown key is an error (\`server: unknown key(s) "prot"\`). Each
problem is printed on stderr as one \`path: reason\` line and Parley exits with code 1, e.g.
\`accounts[0].connectors[0].issuer: must be an https URL (or set security.allowInsecureIdpUrls)\`.
Brand IdP URLs (\`issuer\`, \`discoveryUrl\`, \`jwksUri\`, \`authorizationEndpoint\`,
\`tokenEndpoint\`) must be https and must not name a loopback or private host unless
\`security.allowInsecureIdpUrls\` is true; at request time the addresses an IdP host name
resolves to are checked the same way.

## Example

\`\`\`json
${JSON.stringify(EXAMPLE, null, 2)}
\`\`\`

## Reference

"required" keys must be present when their parent object is. \`[]\` marks an element of an array.

| key | type | default | description |
|---|---|---|---|
${rows.map(renderRow).join('\n')}

## Published limits

| limit | default | changed by |
|---|---|---|
| clock tolerance on \`exp\` / \`nbf\` / \`iat\` | ${connector('clockToleranceSeconds')} s | \`accounts[].connectors[].clockToleranceSeconds\` |
| max token age (\`iat\`) | ${connector('maxTokenAgeSeconds')} s | \`accounts[].connectors[].maxTokenAgeSeconds\` |
| max token lifetime (\`exp - iat\`) | ${connector('maxTokenLifetimeSeconds')} s | \`accounts[].connectors[].maxTokenLifetimeSeconds\` |
| IdP call timeout | ${connector('idpTimeoutMs')} ms | \`accounts[].connectors[].idpTimeoutMs\` |
| JWKS cache / unknown-\`kid\` refresh cooldown | ${connector('jwksCacheSeconds')} s / ${connector('jwksRefreshCooldownSeconds')} s | \`jwksCacheSeconds\`, \`jwksRefreshCooldownSeconds\` |
| session lifetime | ${at('accounts[].sessionMaxSeconds')} s, and never past the id_token \`exp\` | \`accounts[].sessionMaxSeconds\` |
| rate limit per client IP | ${at('security.rateLimits.perIpPerMinute')} / minute | \`security.rateLimits.perIpPerMinute\` (\`security.rateLimits: false\` disables) |
| rate limit per account | ${at('security.rateLimits.perAccountPerMinute')} / minute | \`security.rateLimits.perAccountPerMinute\` |
| PKCE transaction and popup \`state\` lifetime | ${ONE_TIME_RECORD_TTL_MS / 60_000} min | fixed |
| token size | ${MAX_TOKEN_LENGTH / 1024} KB | fixed (\`TOKEN_MALFORMED\` beyond) |
| request body size | ${BODY_LIMIT_BYTES / 1024} KB | fixed (413 \`REQUEST_TOO_LARGE\` beyond) |
| IdP response size (discovery, JWKS, token endpoint) | ${DEFAULT_MAX_IDP_RESPONSE_BYTES / 1024} KB | fixed (\`IDP_UNAVAILABLE\` beyond) |
`;
}

function renderRow(row: ConfigRow): string {
  const description = CONFIG_DESCRIPTIONS[row.path] ?? '';
  const only = row.only ? ` Only with \`${row.only}\`.` : '';
  const fallback = row.required ? 'required' : '';
  const value =
    row.default === undefined
      ? fallback
      : row.default.startsWith('(')
        ? row.default
        : cell(row.default, true);
  return `| \`${row.path}\` | ${cell(row.type, true)} | ${value} | ${cell(description)}${only} |`;
}

function checkDescriptions(rows: ConfigRow[]): void {
  const paths = new Set(rows.map((r) => r.path));
  const missing = [...paths].filter((p) => !(p in CONFIG_DESCRIPTIONS));
  const stale = Object.keys(CONFIG_DESCRIPTIONS).filter((p) => !paths.has(p));
  if (missing.length > 0 || stale.length > 0) {
    throw new Error(
      `scripts/docs/config-descriptions.ts is out of date: missing ${JSON.stringify(missing)}, stale ${JSON.stringify(stale)}`,
    );
  }
}
