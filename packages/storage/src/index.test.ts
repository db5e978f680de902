import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreContract } from './contract/index.ts';
import { openStores } from './index.ts';
import { SKIP_REASON, randomSchemaName, testAdmin, testDatabaseUrl } from './postgres/test-database.ts';
import { REDIS_SKIP_REASON, deleteKeys, randomPrefix, testRedisUrl } from './redis/test-redis.ts';

describe('openStores', () => {
  it('opens memory stores', async () => {
    const stores = await openStores({ driver: 'memory' });
    await stores.ping();
    expect(stores.bus).toBeUndefined();
    await stores.close();
  });

  it('opens sqlite stores at the configured path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-open-'));
    try {
      const stores = await openStores({ driver: 'sqlite', path: join(dir, 'nested', 'parley.db') });
      await stores.ping();
      await stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails to open postgres when the server is unreachable', async () => {
    await expect(
      openStores({ driver: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' }),
    ).rejects.toThrow();
  });

  it('fails to open a redis cache when Redis is unreachable, closing the storage it opened', async () => {
    await expect(
      openStores(
        { driver: 'memory' },
        { cache: { driver: 'redis', url: 'redis://127.0.0.1:1' }, onError: () => {} },
      ),
    ).rejects.toThrow();
  });
});

describe.skipIf(!testDatabaseUrl)(`openStores with postgres (${SKIP_REASON})`, () => {
  it('opens postgres stores from the configured URL (search_path via the URL options)', async () => {
    const schema = randomSchemaName();
    const admin = testAdmin(testDatabaseUrl ?? '');
    await admin.pool.query(`CREATE SCHEMA "${schema}"`);
    const url = new URL(testDatabaseUrl ?? '');
    url.searchParams.set('options', `-c search_path=${schema}`);
    try {
      const stores = await openStores({ driver: 'postgres', url: url.toString() });
      await stores.ping();
      await stores.consumers.createAnonymous({ accountId: 'acme', id: 'a1', now: 1 });
      await stores.close();
      const { rows } = await admin.pool.query(`SELECT id FROM "${schema}".consumers`);
      expect(rows).toEqual([{ id: 'a1' }]);
    } finally {
      await admin.drop(schema);
      await admin.end();
    }
  });
});

describe.skipIf(!testRedisUrl)(`openStores with a redis cache (${REDIS_SKIP_REASON})`, () => {
  const url = testRedisUrl ?? '';
  const prefixes: string[] = [];
  afterAll(async () => {
    const admin = new Redis(url);
    for (const p of prefixes) await deleteKeys(admin, p);
    await admin.quit();
  });

  it('swaps the replay cache for the shared Redis one and exposes the Redis bus', async () => {
    const redisPrefix = randomPrefix();
    prefixes.push(redisPrefix);
    const cache = { driver: 'redis', url } as const;
    const a = await openStores({ driver: 'memory' }, { cache, redisPrefix });
    const b = await openStores({ driver: 'memory' }, { cache, redisPrefix });
    try {
      await a.ping();
      const exp = Date.now() + 60_000;
      expect(await a.replay.remember('jti:1', exp)).toBe(true);
      expect(await b.replay.remember('jti:1', exp)).toBe(false);
      expect(a.bus).toBeDefined();
      const got: unknown[] = [];
      b.bus?.subscribe('consumer:c1', (event) => got.push(event));
      await b.bus?.ready();
      await a.bus?.publish('consumer:c1', { kind: 'frame', frame: { type: 'session.expired' } });
      for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(got).toEqual([{ kind: 'frame', frame: { type: 'session.expired' } }]);
    } finally {
      await a.close();
      await b.close();
    }
    await expect(a.ping()).rejects.toThrow();
    await expect(a.close()).resolves.toBeUndefined();
  });
});

// Production shape: every port on PostgreSQL, the replay cache on Redis, through openStores.
describe.skipIf(!testDatabaseUrl || !testRedisUrl)(
  `openStores postgres + redis (${SKIP_REASON}; ${REDIS_SKIP_REASON})`,
  () => {
    const schema = randomSchemaName();
    const admin = testAdmin(testDatabaseUrl ?? '');
    const redisPrefix = randomPrefix();
    const dbUrl = new URL(testDatabaseUrl ?? 'postgres://unset');
    dbUrl.searchParams.set('options', `-c search_path=${schema}`);

    afterAll(async () => {
      await admin.drop(schema);
      await admin.end();
      const redis = new Redis(testRedisUrl ?? '');
      await deleteKeys(redis, redisPrefix);
      await redis.quit();
    });

    let n = 0;
    runStoreContract('postgres + redis (openStores)', async (clock) => {
      await admin.pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await admin.truncate(schema);
      return openStores(
        { driver: 'postgres', url: dbUrl.toString() },
        { clock, cache: { driver: 'redis', url: testRedisUrl ?? '' }, redisPrefix: `${redisPrefix}${++n}:` },
      );
    });
  },
);
