import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isParleyError } from '@parley/core';
import { createGuardedFetch } from './create-guarded-fetch.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big') res.end('x'.repeat(2048));
    else res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('createGuardedFetch', () => {
  it('passes requests and bodies through when allowed', async () => {
    const guarded = createGuardedFetch({ allowInsecureIdpUrls: true });
    const res = await guarded(`${base}/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('fails reading a body over the cap', async () => {
    const guarded = createGuardedFetch({ allowInsecureIdpUrls: true, maxResponseBytes: 1024 });
    const res = await guarded(`${base}/big`);
    await expect(res.text()).rejects.toThrow(/more than 1024 bytes/);
  });

  it('refuses http and private literals before calling fetch without allowInsecureIdpUrls', async () => {
    let called = 0;
    const guarded = createGuardedFetch({
      allowInsecureIdpUrls: false,
      fetch: async () => {
        called++;
        return new Response('{}');
      },
    });
    for (const url of [`${base}/token`, 'https://127.0.0.1/token', 'https://[::ffff:7f00:1]/token']) {
      const err = await guarded(url).catch((e: unknown) => e);
      expect(isParleyError(err, 'IDP_UNAVAILABLE')).toBe(true);
    }
    expect(called).toBe(0);
  });

  it("refuses a name resolving to a private address when connecting, with the guard's error", async () => {
    const guarded = createGuardedFetch({
      allowInsecureIdpUrls: false,
      lookup: async () => [{ address: '64:ff9b::a00:8' }],
    });
    const err = await guarded('https://login.acme.example/token', { method: 'POST' }).catch(
      (e: unknown) => e,
    );
    expect(isParleyError(err, 'IDP_UNAVAILABLE')).toBe(true);
    expect((err as { detail: string }).detail).toContain('private');
  });
});
