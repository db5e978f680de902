/**
 * `npm start -- [--config <file>] [--port <n>]`: load and validate the configuration, start
 * Parley, print `listening on <base url>` once serving, and shut down cleanly on SIGINT/SIGTERM.
 * A configuration error prints its `path: reason` lines to stderr and exits with code 1.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { createLogger } from './plugins/logging.ts';
import { ConfigError } from '@parley/core';
import { loadConfig } from './config/load-config.ts';
import { startLocalDemo, type LocalDemo } from './start/start-local-demo.ts';
import type { RunningServer } from './start/start-server.ts';
// start-server and start-cluster (the app, the storage drivers) are imported when needed: the
// local demo loads them while the demo brand starts on another thread

const USAGE = 'usage: npm start -- [--config <file>] [--port <n>]';
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const loaded = loadConfig({ configFlag: flags.config, portFlag: flags.port, env: process.env });
  const logger = createLogger({ level: loaded.config.log.level, base: null }, pino.destination(2));
  if (!cluster.isWorker) await prepareWorkspace(logger);
  if (loaded.config.server.workers > 1 && cluster.isPrimary) {
    const { startCluster } = await import('./start/start-cluster.ts');
    const primary = await startCluster({ config: loaded.config, logger, argv: process.argv.slice(2) });
    process.stdout.write(`listening on ${primary.url}\n`);
    handleSignals(primary, logger);
    return;
  }
  if (loaded.configPath === null) {
    const demo = await startLocalDemo({
      host: loaded.config.server.host,
      port: loaded.config.server.port,
      storage: loaded.config.storage,
      log: loaded.config.log,
      adminApiKey: loaded.generatedAdminApiKey ?? '',
      logger,
    });
    process.stdout.write(`listening on ${demo.server.url}\n`);
    printLocalDemo(demo);
    handleSignals(demo, logger);
    return;
  }
  // a cluster worker is one process of the cluster: it serves like a single-process Parley
  const config = cluster.isWorker
    ? { ...loaded.config, server: { ...loaded.config.server, workers: 1 } }
    : loaded.config;
  const { startServer } = await import('./start/start-server.ts');
  const server = await startServer({ config, logger });
  if (cluster.isWorker) {
    const { reportWorkerListening } = await import('./start/start-cluster.ts');
    reportWorkerListening(server.url); // the primary prints the one "listening on" line
  } else {
    process.stdout.write(`listening on ${server.url}\n`);
  }
  handleSignals(server, logger);
}

/** Builds the Agent Workspace on first start, or when its sources changed since the last build. */
async function prepareWorkspace(logger: Logger): Promise<void> {
  const { ensureWorkspaceBuilt } = await import('./workspace/workspace-build.ts');
  try {
    if (await ensureWorkspaceBuilt()) logger.info('built the Agent Workspace (apps/workspace/dist)');
  } catch (err) {
    logger.warn({ err }, 'could not build the Agent Workspace: /workspace/ answers 503');
  }
}

function parseFlags(args: string[]): { config?: string; port?: string } {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  return { config: values.config, port: values.port };
}

/** What to open: the brand site, the Agent Workspace and its agents, health, the admin key. */
function printLocalDemo(demo: LocalDemo): void {
  const { url } = demo.server;
  const lines = [
    '',
    'no configuration given: running the local demo (SQLite at ./data/parley.db, account "demo")',
    `  brand site:    ${demo.brand.siteUrl}  <- open this, click "Sign in to chat" (any login name, e.g. alice)`,
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
  process.stdout.write(`${lines.join('\n')}\n`);
}

function handleSignals(server: Pick<RunningServer, 'close'>, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function fail(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`parley: invalid configuration\n${err.problems.map((p) => `${p}\n`).join('')}`);
  } else if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${err.message}\n${USAGE}\n`);
  } else {
    process.stderr.write(
      `parley failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
}

main().catch(fail);
