import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import {
  ConfigError,
  ensureSessionSigningKeys,
  SESSION_KINDS,
  systemClock,
  type ParleyConfig,
} from '@parley/core';
import { openStores } from '@parley/storage';
import { resolveMasterKey, warnAboutMasterKeyFile } from '../keys/master-key.ts';
import { findFreePort } from './find-free-port.ts';

/** Message a worker sends the primary once its server listens. */
export interface WorkerListening {
  type: 'parley:listening';
  url: string;
}

/** The running cluster, seen from the primary. */
export interface RunningCluster {
  url: string;
  /** Stops every worker (each closes its app and stores), then resolves. */
  close(): Promise<void>;
}

const RESTART_DELAY_MS = 1000;

/**
 * `server.workers > 1` (node:cluster): the primary prepares the shared state once (migrations
 * and the session signing key, so workers do not race them), picks the port (`0` → a free
 * one, passed to every worker as `--port`), forks the workers, and resolves when all of them
 * listen. Workers share the port (the primary distributes connections) and the SQLite file in
 * WAL mode (or PostgreSQL); the replay cache lives in that shared storage, so a token is
 * single-use across workers. A worker that dies after start-up is replaced.
 *
 * With `cache.driver: "memory"` each worker keeps its own event bus and rate limit counters:
 * real-time events reach only the sockets of the worker that published them. Use Redis
 * (`cache.driver: "redis"`) for chat with several workers.
 *
 * @throws ConfigError with `storage.driver: "memory"` (not shared between processes).
 * @example
 * ```ts
 * if (config.server.workers > 1 && cluster.isPrimary) await startCluster({ config, logger, argv });
 * ```
 */
export async function startCluster(options: {
  config: ParleyConfig;
  logger: Logger;
  /** The command-line arguments the workers get (`--port` is replaced). */
  argv: string[];
}): Promise<RunningCluster> {
  const { config, logger } = options;
  const workers = config.server.workers;
  if (config.storage.driver === 'memory') {
    throw new ConfigError([
      `server.workers: ${workers} workers need shared storage (sqlite or postgres), not memory`,
    ]);
  }
  if (config.cache.driver === 'memory') {
    logger.warn(
      `server.workers is ${workers} with cache.driver "memory": each worker has its own event bus and rate limits (use redis to share them)`,
    );
  }
  // the workers resolve the same key (same variable, or the file generated here)
  const masterKey = resolveMasterKey({ storage: config.storage, env: process.env });
  warnAboutMasterKeyFile(masterKey, logger);
  const stores = await openStores(config.storage, {
    clock: systemClock, // migrations and sealing of plaintext keys, once
    ...(masterKey.cipher ? { keyCipher: masterKey.cipher } : {}),
  });
  try {
    for (const account of config.accounts) {
      for (const kind of SESSION_KINDS) {
        await ensureSessionSigningKeys(stores.keys, { accountId: account.id, kind, clock: systemClock });
      }
    }
  } finally {
    await stores.close();
  }
  const port = config.server.port === 0 ? await findFreePort(config.server.host) : config.server.port;
  cluster.setupPrimary({ args: [...withoutPort(options.argv), '--port', String(port)] });

  let stopping = false;
  const urls: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    const fork = (): Worker => {
      const worker = cluster.fork();
      worker.on('message', (message: WorkerListening) => {
        if (message?.type !== 'parley:listening') return;
        urls.push(message.url);
        if (urls.length === workers) resolve(message.url);
      });
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        if (urls.length < workers)
          return reject(new Error(`worker ${worker.id} exited during start-up (${signal ?? code})`));
        logger.error({ code, signal }, `worker ${worker.id} died; starting a new one`);
        setTimeout(fork, RESTART_DELAY_MS).unref();
      });
      return worker;
    };
    for (let i = 0; i < workers; i++) fork();
  });
  const close = async (): Promise<void> => {
    stopping = true;
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    return { url: await ready, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Tells the primary this worker listens (no-op outside a cluster worker). */
export function reportWorkerListening(url: string): void {
  if (cluster.isWorker) process.send?.({ type: 'parley:listening', url } satisfies WorkerListening);
}

function withoutPort(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') i++;
    else if (!argv[i]!.startsWith('--port=')) out.push(argv[i]!);
  }
  return out;
}
