import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import pg from 'pg';

/** `PARLEY_TEST_DATABASE_URL`, e.g. `postgres://postgres@127.0.0.1:5432/test`; unset → the suites skip. */
export const testDatabaseUrl: string | undefined = process.env.PARLEY_TEST_DATABASE_URL || undefined;

export const SKIP_REASON = 'set PARLEY_TEST_DATABASE_URL to run';

if (!testDatabaseUrl) {
  console.warn(
    `[parley] PostgreSQL adapter tests SKIPPED: ${SKIP_REASON} (e.g. postgres://postgres@127.0.0.1:5432/test)`,
  );
}

/** A random schema name nobody else uses, e.g. `parley_test_3f9a0c1b2d4e`. */
export const randomSchemaName = (): string => `parley_test_${randomBytes(6).toString('hex')}`;

/**
 * Test-only helper: one admin connection to drop a scratch schema (and everything in it) or to
 * empty its tables between tests (child tables first, via `ON DELETE CASCADE`).
 *
 * @example
 * ```ts
 * const admin = testAdmin(url);
 * await admin.truncate(schema);
 * await admin.drop(schema);
 * ```
 */
export function testAdmin(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    pool,
    async truncate(schema: string): Promise<void> {
      const { rows } = await pool.query<{ name: string }>(
        "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations'",
        [schema],
      );
      if (rows.length === 0) return;
      // DELETE, not TRUNCATE: on tiny tables it is far cheaper (no file rewrite per table).
      const sql = rows.map((row) => `DELETE FROM "${schema}".${row.name}`).join('; ');
      await pool.query(sql);
    },
    async drop(schema: string): Promise<void> {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
    async end(): Promise<void> {
      await pool.end();
    },
  };
}

/**
 * For a `describe` of PostgreSQL tests: a scratch schema of its own and the admin connection,
 * the schema dropped and the connection ended after the block.
 */
export function useScratchSchema(url: string) {
  const schema = randomSchemaName();
  const admin = testAdmin(url);
  afterAll(async () => {
    await admin.drop(schema);
    await admin.end();
  });
  return { schema, admin };
}
