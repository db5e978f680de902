import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreContract } from '../contract/index.ts';
import { openSqliteStores } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-contract-'));
let n = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('sqlite (file)', async (clock) =>
  openSqliteStores({ path: join(dir, `db-${++n}.sqlite`), clock }),
);

describe('sqlite in memory', () => {
  it('opens :memory: and passes a round trip', async () => {
    const stores = openSqliteStores({ path: ':memory:' });
    const c = await stores.consumers.createAnonymous({ accountId: 'acme', id: 'a1', now: 1 });
    expect(await stores.consumers.get('acme', 'a1')).toEqual(c);
    await stores.close();
  });
});
