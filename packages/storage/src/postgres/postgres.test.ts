import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPool, openPostgresStores, postgresMigrations } from './index.ts';
import { SKIP_REASON, randomSchemaName, testAdmin, testDatabaseUrl } from './test-database.ts';

describe.skipIf(!testDatabaseUrl)(`postgres adapter specifics (${SKIP_REASON})`, () => {
  const url = testDatabaseUrl ?? '';
  const admin = testAdmin(url);
  const schemas: string[] = [];
  const scratch = (): string => {
    const schema = randomSchemaName();
    schemas.push(schema);
    return schema;
  };

  afterAll(async () => {
    for (const schema of schemas) await admin.drop(schema);
    await admin.end();
  });

  const applied = async (schema: string) =>
    (await admin.pool.query<{ id: number }>(`SELECT id FROM "${schema}".migrations ORDER BY id`)).rows.map(
      (r) => r.id,
    );

  it('creates the schema, applies every migration once, and nothing more on reopen', async () => {
    const schema = scratch();
    await (await openPostgresStores({ url, schema })).close();
    expect(await applied(schema)).toEqual(postgresMigrations.map((m) => m.id));
    await (await openPostgresStores({ url, schema })).close();
    expect(await applied(schema)).toEqual(postgresMigrations.map((m) => m.id));

    const pool = openPool({ url, schema });
    expect(await migratePostgres(pool, { schema })).toEqual([]);
    await pool.end();
  });

  it('applies each migration once when several nodes open the same empty schema together', async () => {
    const schema = scratch();
    const pools = Array.from({ length: 5 }, () => openPool({ url, schema, max: 2 }));
    const results = await Promise.all(pools.map((pool) => migratePostgres(pool, { schema })));
    await Promise.all(pools.map((pool) => pool.end()));
    expect(results.filter((ids) => ids.length > 0)).toEqual([postgresMigrations.map((m) => m.id)]);
    expect(await applied(schema)).toEqual(postgresMigrations.map((m) => m.id));
  });

  it('applies only the pending migrations, in order, when a new one ships', async () => {
    const schema = scratch();
    const pool = openPool({ url, schema });
    try {
      expect(await migratePostgres(pool, { schema })).toEqual(postgresMigrations.map((m) => m.id));
      const nextId = Math.max(...postgresMigrations.map((m) => m.id)) + 1;
      const next = [...postgresMigrations, { id: nextId, name: 'extra', sql: 'CREATE TABLE extra (x int)' }];
      expect(await migratePostgres(pool, { schema, list: next })).toEqual([nextId]);
      expect(await migratePostgres(pool, { schema, list: next })).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('rolls a failing migration back entirely', async () => {
    const schema = scratch();
    const pool = openPool({ url, schema });
    try {
      const broken = [
        ...postgresMigrations,
        { id: 999, name: 'broken', sql: 'CREATE TABLE half (x int); NOT SQL' },
      ];
      await expect(migratePostgres(pool, { schema, list: broken })).rejects.toThrow();
      const { rows } = await admin.pool.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('consumers', 'half')",
        [schema],
      );
      expect(rows).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('refuses a schema migrated by a newer version', async () => {
    const schema = scratch();
    await (await openPostgresStores({ url, schema })).close();
    await admin.pool.query(
      `INSERT INTO "${schema}".migrations (id, name, applied_at) VALUES (999, 'future', 0)`,
    );
    await expect(openPostgresStores({ url, schema })).rejects.toThrow(/999/);
  });

  it('keeps its tables in its own schema: two schemas in one database do not see each other', async () => {
    const [a, b] = [scratch(), scratch()];
    const one = await openPostgresStores({ url, schema: a });
    const two = await openPostgresStores({ url, schema: b });
    try {
      await one.consumers.createAnonymous({ accountId: 'acme', id: 'anon-1', now: 1 });
      expect(await two.consumers.get('acme', 'anon-1')).toBeNull();
      expect(await one.consumers.get('acme', 'anon-1')).not.toBeNull();
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('gives one consumer to 2 pools (2 nodes) racing on find-or-create, and both agree on it', async () => {
    const schema = scratch();
    const a = await openPostgresStores({ url, schema, max: 5 });
    const b = await openPostgresStores({ url, schema, max: 5 });
    try {
      const input = { accountId: 'acme', issuer: 'https://i', subject: 's', now: 1 };
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).consumers.findOrCreateByIdentity({ ...input, newId: `node-${i}` }),
        ),
      );
      expect(new Set(results.map((c) => c.id)).size).toBe(1);
      const { rows } = await admin.pool.query(`SELECT count(*)::int AS n FROM "${schema}".consumers`);
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets exactly one node win a replay key, a PKCE take and an append with one clientMessageId', async () => {
    const schema = scratch();
    const nodes = [await openPostgresStores({ url, schema }), await openPostgresStores({ url, schema })];
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    try {
      const exp = Date.now() + 60_000;
      const remembered = await Promise.all(
        nodes.flatMap((n) => [n.replay.remember('code:x', exp), n.replay.remember('code:x', exp)]),
      );
      expect(remembered.filter(Boolean)).toHaveLength(1);

      await a.pkce.put({
        id: 't',
        accountId: 'acme',
        connectorId: 'main',
        codeVerifier: 'v',
        createdAt: 1,
        expiresAt: exp,
      });
      const taken = await Promise.all([a.pkce.take('acme', 't'), b.pkce.take('acme', 't')]);
      expect(taken.filter((r) => r !== null)).toHaveLength(1);

      const { conversation } = await a.conversations.openOrCreate({
        accountId: 'acme',
        consumerId: 'c',
        authenticated: true,
        newId: 'conv',
        now: 1,
      });
      const appends = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).conversations.appendMessage({
            accountId: 'acme',
            conversationId: conversation.id,
            id: `m${i}`,
            from: 'consumer',
            senderId: 'c',
            text: 'hi',
            clientMessageId: 'same',
            now: 2,
          }),
        ),
      );
      expect(appends.filter((r) => r?.created)).toHaveLength(1);
      expect(new Set(appends.map((r) => r?.message.id)).size).toBe(1);
      expect((await b.conversations.get('acme', 'conv'))?.lastSeq).toBe(1);
    } finally {
      for (const n of nodes) await n.close();
    }
  });

  it('reads bigint times back as numbers and an id holding U+0000 as unknown (no server error)', async () => {
    const schema = scratch();
    const stores = await openPostgresStores({ url, schema });
    try {
      const big = 8_640_000_000_000_000; // max Date, far above 2^31
      const c = await stores.consumers.createAnonymous({ accountId: 'acme', id: 'a', now: big });
      expect(c.createdAt).toBe(big);
      expect(typeof (await stores.consumers.get('acme', 'a'))?.createdAt).toBe('number');
      expect(await stores.consumers.get('acme', 'a\u0000')).toBeNull();
      expect(await stores.sessions.get('s\u0000')).toBeNull();
      expect(await stores.pkce.take('acme', '\u0000')).toBeNull();
      expect(await stores.states.take('acme', 'x\u0000')).toBeNull();
      expect(await stores.conversations.get('acme', '\u0000')).toBeNull();
      expect(await stores.consumers.delete('acme', '\u0000')).toBe(false);
    } finally {
      await stores.close();
    }
  });

  it('sweeps expired replay rows and keeps live ones', async () => {
    const schema = scratch();
    let now = 1_700_000_000_000;
    const stores = await openPostgresStores({ url, schema, clock: { now: () => now } });
    try {
      for (let i = 0; i < 5; i++) await stores.replay.remember(`old-${i}`, now + 10);
      await stores.replay.remember('live', now + 1_000);
      now += 10;
      expect(await stores.replay.sweep()).toBe(5);
      expect(await stores.replay.remember('live', now + 1_000)).toBe(false);
    } finally {
      await stores.close();
    }
  });

  it('refuses a schema name that is not a plain identifier, before connecting', async () => {
    await expect(openPostgresStores({ url, schema: 'x"; DROP SCHEMA public; --' })).rejects.toThrow(
      TypeError,
    );
    await expect(openPostgresStores({ url, schema: 'pg_catalog' })).rejects.toThrow(TypeError);
  });

  it('fails to open, and leaves nothing running, when the server is unreachable', async () => {
    await expect(
      openPostgresStores({ url: 'postgres://postgres@127.0.0.1:1/none', schema: scratch() }),
    ).rejects.toThrow();
  });

  it('rejects ping after close; closing twice is harmless', async () => {
    const stores = await openPostgresStores({ url, schema: scratch() });
    await stores.ping();
    await stores.close();
    await expect(stores.ping()).rejects.toThrow();
    await expect(stores.close()).resolves.toBeUndefined();
  });
});
