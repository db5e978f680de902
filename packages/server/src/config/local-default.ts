import type { ParleyConfigInput } from '@parley/core';

/** Port and origins of the local demo. */
export const LOCAL_DEFAULT_PORT = 8080;

/**
 * The configuration `npm start` runs without a config file: embedded SQLite at
 * `./data/parley.db`, in-process cache, and one account `demo` whose allowed origins are the
 * local demo pages. The demo account has no connectors yet (a connector needs brand keys), so it
 * offers anonymous chat only. The admin API key is generated at each start and printed, never
 * written to a file.
 *
 * @example
 * ```ts
 * const raw = localDefaultConfig({ adminApiKey: randomBytes(24).toString('base64url') });
 * ```
 */
export function localDefaultConfig(options: { adminApiKey: string }): ParleyConfigInput {
  return {
    server: { host: '127.0.0.1', port: LOCAL_DEFAULT_PORT },
    storage: { driver: 'sqlite', path: './data/parley.db' },
    cache: { driver: 'memory' },
    adminApiKey: options.adminApiKey,
    accounts: [
      {
        id: 'demo',
        name: 'Demo brand',
        allowedOrigins: [`http://127.0.0.1:${LOCAL_DEFAULT_PORT}`, `http://localhost:${LOCAL_DEFAULT_PORT}`],
        connectors: [],
      },
    ],
  };
}
