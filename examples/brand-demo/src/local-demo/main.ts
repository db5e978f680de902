/**
 * `npm start -- [--config <file>] [--port <n>]`: Parley's command line (`@parley/server/command`)
 * with one addition: without a configuration it runs the local demo, Parley beside the demo
 * brand, and prints what to open. With `--config` (or `PARLEY_CONFIG`) it is Parley alone.
 */
import { runParleyCommand, type StartedWithoutConfig } from '@parley/server/command';
import { startLocalDemo, type LocalDemo, type LocalDemoOptions } from './start-local-demo.ts';

async function startDemo(options: LocalDemoOptions): Promise<StartedWithoutConfig> {
  const demo = await startLocalDemo(options);
  return { url: demo.server.url, banner: localDemoBanner(demo), close: () => demo.close() };
}

/** What to open: the brand site, the Agent Workspace and its agents, health, the admin key. */
function localDemoBanner(demo: LocalDemo): string[] {
  const { url } = demo.server;
  return [
    '',
    'no configuration given: running the local demo (SQLite at ./data/parley.db, account "demo")',
    `  brand site:    ${demo.brand.siteUrl}  <- open this: sign in to Demo Bank (any name, e.g. alice), pick a page, open the chat`,
    `  brand IdP:     ${demo.brand.issuer} (oidc-provider, development login forms)`,
    `  workspace:     ${url}/workspace/?account=demo  <- the Agent Workspace: sign in as one of these`,
    ...demo.agents.map(
      (a) => `  ${`${a.role}:`.padEnd(14)} ${a.email} / ${a.password} (generated for this run)`,
    ),
    `  health:        ${url}/healthz`,
    `  demo JWKS:     ${url}/v1/accounts/demo/.well-known/jwks.json (Parley's encryption keys for the brand)`,
    `  admin API key: ${demo.adminApiKey} (generated for this run; Authorization: Bearer <key>)`,
    '  note: the demo IdP is plain http on loopback, so this demo sets security.allowInsecureIdpUrls',
    '        (Parley logs a warning about it); never set it in production.',
    '  Ctrl-C stops Parley and the demo brand.',
  ];
}

void runParleyCommand({ argv: process.argv.slice(2), startWithoutConfig: startDemo });
