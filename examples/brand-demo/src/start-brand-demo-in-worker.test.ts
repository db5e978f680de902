import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startBrandDemoInWorker } from './start-brand-demo-in-worker.ts';

const parley = { url: 'http://127.0.0.1:9', account: 'demo', connector: 'demo' };
const redirectUri = `${parley.url}/v1/accounts/demo/callback`;

describe('the demo brand on its own thread', () => {
  it('serves the IdP and site, and frees its port on close', async () => {
    const brand = await startBrandDemoInWorker({ port: 0, redirectUri, parley });
    const doc = (await (await fetch(brand.discoveryUrl)).json()) as { issuer: string };
    expect(doc.issuer).toBe(brand.issuer);
    expect(brand.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await brand.close();
    await expect(fetch(brand.siteUrl)).rejects.toThrow();
  });

  it('rejects with the error code of a failed start (a taken port)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startBrandDemoInWorker({ port, redirectUri, parley })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      blocker.close();
    }
  });
});
