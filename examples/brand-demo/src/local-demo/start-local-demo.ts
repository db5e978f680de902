import { randomBytes } from 'node:crypto';
// Parley's public API: the local demo is a composition root, the one part of the examples that
// imports the server (the brand itself, ../, imports nothing of Parley)
import type { RunningServer } from '@parley/server';
import { hashPassword } from '@parley/server/agents';
import type { WithoutConfigOptions } from '@parley/server/command';
import { findFreePort } from '@parley/server/find-free-port';
import { LOCAL_DEMO, localDemoConfig } from '@parley/server/local-default';
import type { BrandDemo } from '../start-brand-demo.ts';
import { startBrandDemoInWorker } from '../start-brand-demo-in-worker.ts';

/** Options of {@link startLocalDemo}: where Parley listens and stores, from the loaded local default. */
export type LocalDemoOptions = WithoutConfigOptions;

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
 * `npm start` without a config (docs/configuration.md): starts the demo brand (IdP + website)
 * first, because Parley's connector needs its issuer and the IdP needs Parley's callback URL;
 * then Parley with connector `demo` and the demo agents, whose passwords are generated here,
 * kept in memory as an scrypt hash and returned for printing only.
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
  const serverModule = import('@parley/server');
  serverModule.catch(() => undefined);
  const brand = await brandStarting;
  try {
    const { startServer } = await serverModule;
    const config = localDemoConfig({
      ...options,
      port,
      demo: {
        brand: { ...brand, siteOrigin: new URL(brand.siteUrl).origin },
        agentPasswordHash: (await hashes)[0],
        supervisorPasswordHash: (await hashes)[1],
      },
    });
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
