import { afterAll, beforeAll, describe } from 'vitest';
import { runStoreContract } from '../contract/index.ts';
import { openPostgresStores } from './index.ts';
import { SKIP_REASON, randomSchemaName, testAdmin, testDatabaseUrl } from './test-database.ts';

describe.skipIf(!testDatabaseUrl)(`postgres adapters (${SKIP_REASON})`, () => {
  const url = testDatabaseUrl ?? '';
  const schema = randomSchemaName();
  const admin = testAdmin(url);

  beforeAll(async () => {
    await (await openPostgresStores({ url, schema })).close();
  });

  afterAll(async () => {
    await admin.drop(schema);
    await admin.end();
  });

  // One scratch schema for this file, emptied before each test.
  runStoreContract('postgres', async (clock) => {
    await admin.truncate(schema);
    return openPostgresStores({ url, schema, clock, max: 4 });
  });
});
