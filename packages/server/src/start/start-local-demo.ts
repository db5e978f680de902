import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { parseConfig, type ParleyConfig } from '@parley/core';
// The composition root starts the demo brand as a neighbour; the brand itself imports nothing of Parley.
import type { BrandDemo } from '../../../../examples/brand-demo/src/start-brand-demo.ts';
import { startBrandDemoInWorker } from '../../../../examples/brand-demo/src/start-brand-demo-in-worker.ts';
import { hashPassword } from '../agents/scrypt-password-hasher.ts';
import { LOCAL_DEMO, localDefaultConfig } from '../config/local-default.ts';
import { findFreePort } from './find-free-port.ts';
import type { RunningServer } from './start-server.ts';

/** Options of {@link startLocalDemo}: where Parley listens and stores, from the loaded local default. */
export interface LocalDemoOptions {
  host: string;
  /** Parley's port (0 = a free one); the brand demo takes the next port, or a free one. */
  port: number;
  storage: ParleyConfig['storage'];
  log: ParleyConfig['log'];
  adminApiKey: string;
  logger: Logger;
}

/** The running local demo: Parley, the demo brand, and the secrets generated for this run. */
export interface LocalDemo {
  server: RunningServer;
  brand: BrandDemo;
  /** The demo agents (a plain agent first, then a supervisor) and their generated passwords. */
  agents: { email: string; password: string; role: 'agent' | 'supervisor' }[];
  adminApiKey: string;
  /** Closes Parley, then the brand. */
  close(): Promise<void>;
}

/**
 * `npm start` without a config (docs/configuration.md): starts the demo brand (IdP + website,
 * examples/brand-demo) first, because Parley's connector needs its issuer and the IdP needs
 * Parley's callback URL; then Parley with connector `demo` and the demo agents, whose passwords
 * are generated here, kept in memory as an scrypt hash and returned for printing only.
 */
export async function startLocalDemo(options: LocalDemoOptions): Promise<LocalDemo> {
  const port = options.port === 0 ? await findFreePort(options.host) : options.port;
  const parleyUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const password = randomBytes(12).toString('base64url');
  const supervisorPassword = randomBytes(12).toString('base64url');
  // three things at once: scrypt on the libuv pool, the brand (oidc-provider) on a worker
  // thread, Parley's app modules on this one; the early rejections are awaited below
  const hashes = Promise.all([hashPassword(password), hashPassword(supervisorPassword)]);
  hashes.catch(() => undefined);
  const brandStarting = startBrand(options.host, port, parleyUrl);
  const serverModule = import('./start-server.ts');
  serverModule.catch(() => undefined);
  const brand = await brandStarting;
  try {
    const { startServer } = await serverModule;
    const raw = localDefaultConfig({
      adminApiKey: options.adminApiKey,
      port,
      demo: {
        brand: { ...brand, siteOrigin: new URL(brand.siteUrl).origin },
        agentPasswordHash: (await hashes)[0],
        supervisorPasswordHash: (await hashes)[1],
      },
    });
    const config = parseConfig(
      { ...raw, server: { host: options.host, port }, storage: options.storage, log: options.log },
      {},
    );
    const server = await startServer({ config, logger: options.logger });
    return {
      server,
      brand,
      agents: [
        { email: LOCAL_DEMO.agentEmail, password, role: 'agent' },
        { email: LOCAL_DEMO.supervisorEmail, password: supervisorPassword, role: 'supervisor' },
      ],
      adminApiKey: options.adminApiKey,
      close: async () => {
        try {
          await server.close();
        } finally {
          await brand.close();
        }
      },
    };
  } catch (err) {
    await brand.close();
    throw err;
  }
}

/** The brand on Parley's port + 1 when that is free (stable URLs between runs), else on any free port. */
async function startBrand(host: string, parleyPort: number, parleyUrl: string): Promise<BrandDemo> {
  const settings = {
    host,
    redirectUri: `${parleyUrl}/v1/accounts/${LOCAL_DEMO.account}/callback`,
    parley: { url: parleyUrl, account: LOCAL_DEMO.account, connector: LOCAL_DEMO.connector },
  };
  if (parleyPort < 65535) {
    try {
      return await startBrandDemoInWorker({ ...settings, port: parleyPort + 1 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  return startBrandDemoInWorker({ ...settings, port: 0 });
}
