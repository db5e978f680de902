import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, systemClock, type ParleyConfig, type Stores } from '@parley/core';
import { openStores } from '@parley/storage';
import { buildApp } from '../app.ts';
import { createFetchIdpHttp } from '../idp/fetch-idp-http.ts';
import { createGuardedFetch } from '../idp/create-guarded-fetch.ts';
import { resolveMasterKey, warnAboutMasterKeyFile } from '../keys/master-key.ts';
import { baseUrl } from './base-url.ts';
import { findFreePort } from './find-free-port.ts';

/** A serving Parley: where it listens, and how to stop it. */
export interface RunningServer {
  /** Base URL of the listening socket, with the real port (also for `--port 0`). */
  url: string;
  config: ParleyConfig;
  /** Closes the app (in-flight requests, sockets), then the stores. */
  close(): Promise<void>;
}

/**
 * The composition root: resolves the master key that seals private keys at rest
 * (`PARLEY_MASTER_KEY`, else a key file beside the SQLite database; see `resolveMasterKey`),
 * opens the stores `config.storage` names (with the Redis replay cache,
 * event bus and rate limiter when `config.cache` is Redis), creates the real IdpHttp and the guarded fetch of
 * the token endpoint client, builds the app and listens on `server.host`/`server.port` (0 = a free port, resolved first so
 * a derived `publicUrl` carries it), over HTTPS when `server.tls` is set.
 *
 * @example
 * ```ts
 * const server = await startServer({ config, logger });
 * console.log(`listening on ${server.url}`);
 * ```
 */
export async function startServer(options: {
  config: ParleyConfig;
  logger: Logger;
  /** Where `PARLEY_MASTER_KEY` is read; default `process.env`. */
  env?: Record<string, string | undefined>;
}): Promise<RunningServer> {
  const { logger } = options;
  const config = await withListenAddress(options.config);
  warnAboutUnsupported(config, logger);
  const https = readTls(config);
  const masterKey = resolveMasterKey({ storage: config.storage, env: options.env ?? process.env });
  warnAboutMasterKeyFile(masterKey, logger, cluster.isWorker);
  const stores = await openStores(config.storage, {
    clock: systemClock,
    ...(masterKey.cipher ? { keyCipher: masterKey.cipher } : {}),
    cache: config.cache,
    onError: (err) => logger.error({ err }, 'storage or cache connection error'),
  });
  try {
    const { allowInsecureIdpUrls } = config.security;
    const app = await buildApp({
      config,
      stores,
      idpHttp: createFetchIdpHttp({ allowInsecureIdpUrls }),
      codeFlowFetch: createGuardedFetch({ allowInsecureIdpUrls }),
      clock: systemClock,
      logger,
      ...(https ? { https } : {}),
      ...(stores.bus ? { bus: stores.bus } : {}),
      ...(stores.rateLimiter ? { rateLimiter: stores.rateLimiter } : {}),
    });
    try {
      await app.listen({ host: config.server.host, port: config.server.port });
    } catch (err) {
      await app.close();
      throw err;
    }
    const url = baseUrl(app.server.address() as AddressInfo, https !== undefined);
    return { url, config, close: () => closeAll(app, stores) };
  } catch (err) {
    await stores.close();
    throw err;
  }
}

async function closeAll(app: { close(): Promise<unknown> }, stores: Stores): Promise<void> {
  try {
    await app.close();
  } finally {
    await stores.close();
  }
}

/**
 * `--port 0`: pick the port now so the config holds the real one. A publicUrl derived from
 * host and port (parseConfig's `http://{host}:{port}`) follows the real port and `server.tls`.
 */
async function withListenAddress(config: ParleyConfig): Promise<ParleyConfig> {
  const { host, tls } = config.server;
  const derived = config.server.publicUrl === urlOf('http', host, config.server.port);
  const port = config.server.port === 0 ? await findFreePort(host) : config.server.port;
  const publicUrl = derived ? urlOf(tls ? 'https' : 'http', host, port) : config.server.publicUrl;
  return { ...config, server: { ...config.server, port, publicUrl } };
}

function urlOf(scheme: string, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function warnAboutUnsupported(config: ParleyConfig, logger: Logger): void {
  if (config.server.workers > 1) {
    logger.warn(
      `server.workers is ${config.server.workers}: cluster mode is not supported yet, running one process`,
    );
  }
  if (config.security.allowInsecureIdpUrls) {
    logger.warn(
      'security.allowInsecureIdpUrls is true: http:// and loopback/private IdP hosts are allowed (dev/test only)',
    );
  }
}

function readTls(config: ParleyConfig): { cert: Buffer; key: Buffer } | undefined {
  const tls = config.server.tls;
  if (!tls) return undefined;
  const read = (key: 'certFile' | 'keyFile'): Buffer => {
    try {
      return readFileSync(tls[key]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError([`server.tls.${key}: cannot read ${tls[key]} (${code})`]);
    }
  };
  return { cert: read('certFile'), key: read('keyFile') };
}
