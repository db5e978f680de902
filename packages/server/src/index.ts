/**
 * Public entry of `@parley/server`: build the Fastify app from a parsed config and stores, or
 * start a listening server. The command line is `@parley/server/command` (run by `main.ts` and
 * by the local demo's entry); the CLI uses the other subpath exports.
 *
 * @example
 * ```ts
 * import { loadConfig, startServer } from '@parley/server';
 * const { config } = loadConfig({ configFlag: 'parley.config.json', env: process.env });
 * const server = await startServer({ config, logger });
 * ```
 */
export { buildApp, BODY_LIMIT_BYTES, type BuildAppOptions } from './app.ts';
export { startServer, type RunningServer } from './start/start-server.ts';
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load-config.ts';
