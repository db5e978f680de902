/**
 * The `[--config <file>] [--port <n>]` command line of Parley: load and validate the
 * configuration, start Parley, print `listening on <base url>` once serving, and shut down
 * cleanly on SIGINT/SIGTERM. A configuration error prints its `path: reason` lines to stderr and
 * exits with code 1. `main.ts` runs it as is; the local demo (`npm start`, examples/brand-demo)
 * runs it with {@link RunParleyOptions.startWithoutConfig}.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { ConfigError, type ParleyConfig } from '@parley/core';
import { createLogger } from '../plugins/logging.ts';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import type { RunningServer } from './start-server.ts';
// start-server and start-cluster (the app, the storage drivers) are imported when needed: the
// local demo loads them while its brand starts on another thread

const USAGE = 'usage: npm start -- [--config <file>] [--port <n>]';
const SHUTDOWN_GRACE_MS = 10_000;

/** What a run without a configuration gets: the local default's address, storage and log settings. */
export interface WithoutConfigOptions {
  host: string;
  /** Parley's port (0 = a free one). */
  port: number;
  storage: ParleyConfig['storage'];
  log: ParleyConfig['log'];
  /** Generated for this run. */
  adminApiKey: string;
  logger: Logger;
}

/** What a run without a configuration started: where Parley listens, what to print, how to stop. */
export interface StartedWithoutConfig {
  url: string;
  /** Printed after `listening on <url>`. */
  banner: string[];
  close(): Promise<void>;
}

/** Options of {@link runParleyCommand}. */
export interface RunParleyOptions {
  /** The command-line arguments, e.g. `process.argv.slice(2)`. */
  argv: string[];
  /**
   * Starts something else than the plain local default when neither `--config` nor
   * `PARLEY_CONFIG` names a file (the local demo starts Parley beside its brand).
   */
  startWithoutConfig?: (options: WithoutConfigOptions) => Promise<StartedWithoutConfig>;
}

/**
 * Runs Parley from a command line; never resolves with a value worth reading (failures exit
 * the process with code 1).
 *
 * @example
 * ```ts
 * void runParleyCommand({ argv: process.argv.slice(2) });
 * ```
 */
export async function runParleyCommand(options: RunParleyOptions): Promise<void> {
  try {
    await run(options);
  } catch (err) {
    fail(err);
  }
}

async function run({ argv, startWithoutConfig }: RunParleyOptions): Promise<void> {
  const flags = parseFlags(argv);
  const loaded = loadConfig({ configFlag: flags.config, portFlag: flags.port, env: process.env });
  const logger = createLogger({ level: loaded.config.log.level, base: null }, pino.destination(2));
  if (!cluster.isWorker) await prepareWorkspace(logger);
  if (loaded.config.server.workers > 1 && cluster.isPrimary) {
    const { startCluster } = await import('./start-cluster.ts');
    const primary = await startCluster({ config: loaded.config, logger, argv });
    process.stdout.write(`listening on ${primary.url}\n`);
    handleSignals(primary, logger);
    return;
  }
  if (loaded.configPath === null && startWithoutConfig) {
    const started = await startWithoutConfig({
      host: loaded.config.server.host,
      port: loaded.config.server.port,
      storage: loaded.config.storage,
      log: loaded.config.log,
      adminApiKey: loaded.generatedAdminApiKey ?? '',
      logger,
    });
    process.stdout.write(`listening on ${started.url}\n${lines(started.banner)}`);
    handleSignals(started, logger);
    return;
  }
  // a cluster worker is one process of the cluster: it serves like a single-process Parley
  const config = cluster.isWorker
    ? { ...loaded.config, server: { ...loaded.config.server, workers: 1 } }
    : loaded.config;
  const { startServer } = await import('./start-server.ts');
  const server = await startServer({ config, logger });
  if (cluster.isWorker) {
    const { reportWorkerListening } = await import('./start-cluster.ts');
    reportWorkerListening(server.url); // the primary prints the one "listening on" line
  } else {
    process.stdout.write(`listening on ${server.url}\n`);
    if (loaded.configPath === null) process.stdout.write(lines(localDefaultBanner(server.url, loaded)));
  }
  handleSignals(server, logger);
}

/** Without a configuration and without a demo: what the local default of docs/configuration.md serves. */
function localDefaultBanner(url: string, loaded: LoadedConfig): string[] {
  return [
    '',
    'no configuration given: running the local default (SQLite at ./data/parley.db, account "demo", no connector)',
    `  health:        ${url}/healthz`,
    `  demo JWKS:     ${url}/v1/accounts/demo/.well-known/jwks.json`,
    `  admin API key: ${loaded.generatedAdminApiKey} (generated for this run; Authorization: Bearer <key>)`,
  ];
}

function lines(texts: string[]): string {
  return texts.map((text) => `${text}\n`).join('');
}

/** Builds the Agent Workspace on first start, or when its sources changed since the last build. */
async function prepareWorkspace(logger: Logger): Promise<void> {
  const { ensureWorkspaceBuilt } = await import('../workspace/workspace-build.ts');
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
