import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, parseConfig, type ParleyConfig } from '@parley/core';
import { localDefaultConfig } from './local-default.ts';

/** Inputs of {@link loadConfig}: the command-line flags and the environment. */
export interface LoadConfigOptions {
  /** `--config <file>` (wins over `PARLEY_CONFIG`). */
  configFlag?: string;
  /** `--port <n>` (wins over `PARLEY_PORT`, which wins over the file). */
  portFlag?: string;
  env: Record<string, string | undefined>;
  /** Reads the config file; tests may replace it. Default: `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string;
}

/** A validated configuration and where it came from. */
export interface LoadedConfig {
  config: ParleyConfig;
  /** Absolute path of the config file, or null for the local default. */
  configPath: string | null;
  /** Set only for the local default: the admin API key generated for this run (print it). */
  generatedAdminApiKey?: string;
}

/**
 * Loads the configuration once at boot: the JSON file from `--config` or `PARLEY_CONFIG` (else
 * the local default of docs/configuration.md), the port override (flag > env > file; `0` = a free port),
 * then `parseConfig` with `${ENV}` interpolation. Throws a ConfigError whose `problems` are
 * `path: reason` lines.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const { env } = options;
  const port = portOverride(options.portFlag, env.PARLEY_PORT);
  const file = options.configFlag ?? emptyToUndefined(env.PARLEY_CONFIG);
  const source = options.configFlag !== undefined ? '--config' : 'PARLEY_CONFIG';
  if (file === undefined) {
    const generatedAdminApiKey = randomBytes(24).toString('base64url');
    const raw = withPort(localDefaultConfig({ adminApiKey: generatedAdminApiKey }), port);
    return { config: parseConfig(raw, env), configPath: null, generatedAdminApiKey };
  }
  const configPath = resolve(file);
  const raw = withPort(readJson(configPath, source, options.readFile), port);
  return { config: parseConfig(raw, env), configPath };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function portOverride(flag: string | undefined, env: string | undefined): number | undefined {
  if (flag !== undefined) return parsePort(flag, '--port');
  const fromEnv = emptyToUndefined(env);
  return fromEnv === undefined ? undefined : parsePort(fromEnv, 'PARLEY_PORT');
}

function parsePort(value: string, source: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new ConfigError([`${source}: must be an integer from 0 to 65535 (0 picks a free port)`]);
  }
  return port;
}

function readJson(path: string, source: string, readFile = (p: string) => readFileSync(p, 'utf8')): unknown {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([`${source}: cannot read config file ${path} (${code})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError([`(root): ${path} is not valid JSON (${(err as Error).message})`]);
  }
}

/** Applies the port override to a raw config object (a non-object is left for the schema to refuse). */
function withPort(raw: unknown, port: number | undefined): unknown {
  if (port === undefined || !isPlainObject(raw)) return raw;
  const server = raw.server === undefined ? {} : raw.server;
  if (!isPlainObject(server)) return raw;
  return { ...raw, server: { ...server, port } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
