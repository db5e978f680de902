import pg from 'pg';
import { assertSchemaName, quoteIdentifier } from './migrations.ts';

export interface OpenPoolOptions {
  /** `postgres://user:password@host:port/database` (any libpq-style URL `pg` accepts). */
  url: string;
  /** Schema holding Parley's tables; created at open. Default: the connection's search_path. */
  schema?: string;
  /** Most connections this node holds (default 10). */
  max?: number;
  /** An idle connection failed (server restart, network): `pg` replaces it on next use. */
  onError?: (err: Error) => void;
}

/** `bigint` columns hold epoch ms: read them as numbers (exact below 2^53), on this pool only. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((id: number, format?: 'text' | 'binary') =>
    id === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(id, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A `pg` Pool for Parley: `search_path` pinned to `schema` on every connection (via the startup
 * `options`, so no query can run before it applies), bigint parsed to number, and idle-client
 * errors routed to `onError` instead of crashing the process.
 */
export function openPool(options: OpenPoolOptions): pg.Pool {
  if (options.schema !== undefined) assertSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(options.schema)}` }),
  });
  const onError =
    options.onError ??
    ((err: Error) => console.error(`parley: postgres idle connection error: ${err.message}`));
  pool.on('error', onError);
  return pool;
}

/**
 * PostgreSQL text cannot hold U+0000, and asking for it makes the server raise an encoding error.
 * A lookup by such an id (from a URL or a request body) therefore matches nothing: callers
 * answer "not found" without a round trip instead of failing with a 500.
 */
export function hasNul(...values: string[]): boolean {
  return values.some((value) => value.includes('\u0000'));
}
