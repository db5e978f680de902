import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_CLIENT_ID, BENCH_ISSUER } from './token-pool.ts';

/** The account every scenario authenticates against. */
export const BENCH_ACCOUNT = 'bench';

/** A Parley configuration file for one server start, and its fresh SQLite database. */
export interface BenchServerFiles {
  dir: string;
  configPath: string;
  databasePath: string;
}

/**
 * Writes the configuration of one server start: SQLite on a fresh temp file (so the replay
 * cache starts empty and a token pool serves every run), rate limits off, log level warn,
 * brand keys from the counting JWKS endpoint on loopback (insecure IdP URLs allowed for it).
 */
export function writeBenchConfig(options: {
  jwksUri: string;
  workers: number;
  /** Agents of the bench account (the message fan-out scenario). */
  agents?: { email: string; name: string; password: string }[];
  /** Connectors added after the implicit one (the code-flow scenario). */
  connectors?: Record<string, unknown>[];
}): BenchServerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const databasePath = join(dir, 'parley.db');
  const config = {
    server: { host: '127.0.0.1', port: 0, workers: options.workers },
    // PARLEY_BENCH_STORAGE=memory isolates the storage cost (diagnostic; the reported figures use SQLite)
    storage:
      process.env.PARLEY_BENCH_STORAGE === 'memory'
        ? { driver: 'memory' }
        : { driver: 'sqlite', path: databasePath },
    cache: { driver: 'memory' },
    log: { level: 'warn' },
    security: { allowInsecureIdpUrls: true, rateLimits: false },
    accounts: [
      {
        id: BENCH_ACCOUNT,
        connectors: [
          {
            id: 'main',
            issuer: BENCH_ISSUER,
            clientId: BENCH_CLIENT_ID,
            jwksUri: options.jwksUri,
            flows: ['implicit'],
            allowedAlgorithms: ['RS256', 'ES256', 'EdDSA'],
            encryption: 'optional',
          },
          ...(options.connectors ?? []),
        ],
      },
    ],
    agents: (options.agents ?? []).map((agent) => ({ account: BENCH_ACCOUNT, ...agent })),
  };
  const configPath = join(dir, 'parley.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath, databasePath };
}
