import { beforeAll, describe } from 'vitest';
import { runStoreContract } from '../contract/index.ts';
import { openPostgresStores } from './index.ts';
import { SKIP_REASON, testDatabaseUrl, useScratchSchema } from './test-database.ts';

describe.skipIf(!testDatabaseUrl)(`postgres adapters (${SKIP_REASON})`, () => {
  const url = testDatabaseUrl ?? '';
  const { schema, admin } = useScratchSchema(url);

  beforeAll(async () => {
    await (await openPostgresStores({ url, schema })).close();
  });

  // One scratch schema for this file, emptied before each test.
  runStoreContract('postgres', async (clock) => {
    await admin.truncate(schema);
    return openPostgresStores({ url, schema, clock, max: 4 });
  });
});
