import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores } from './index.ts';

describe('openStores', () => {
  it('opens memory stores', async () => {
    const stores = await openStores({ driver: 'memory' });
    await stores.ping();
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

  it('says clearly that postgres is not available yet', async () => {
    await expect(openStores({ driver: 'postgres', url: 'postgres://x' })).rejects.toThrow(
      'postgres driver not available yet',
    );
  });
});
