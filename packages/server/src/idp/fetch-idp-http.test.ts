import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isParleyError } from '@parley/core';
import { createFetchIdpHttp } from './fetch-idp-http.ts';

const servers: Server[] = [];

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isParleyError(err, 'IDP_UNAVAILABLE')).toBe(true);
  return err as Error & { detail: string };
}

const insecure = createFetchIdpHttp({ allowInsecureIdpUrls: true });
const strict = createFetchIdpHttp({ allowInsecureIdpUrls: false });

describe('createFetchIdpHttp', () => {
  it('returns the parsed JSON and asks for JSON', async () => {
    let accept: string | undefined;
    const base = await serve((req, res) => {
      accept = req.headers.accept;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ kty: 'EC' }] }));
    });
    await expect(insecure.getJson(`${base}/jwks`, { timeoutMs: 2000 })).resolves.toEqual({
      keys: [{ kty: 'EC' }],
    });
    expect(accept).toBe('application/json');
  });

  it('times out on a server that never answers', async () => {
    const base = await serve(() => undefined);
    const started = Date.now();
    const err = await failure(insecure.getJson(`${base}/jwks?secret=x`, { timeoutMs: 200 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.detail).toContain('200 ms');
    expect(err.detail).toContain(base);
    expect(err.detail).not.toContain('secret');
  });

  it('refuses a non-2xx answer', async () => {
    const base = await serve((_req, res) => {
      res.statusCode = 500;
      res.end('{"error":"boom"}');
    });
    const err = await failure(insecure.getJson(`${base}/jwks?client_secret=abc`, { timeoutMs: 2000 }));
    expect(err.detail).toContain('500');
    expect(err.detail).not.toContain('client_secret');
    expect(err.detail).not.toContain('/jwks');
  });

  it('refuses a body that is not JSON', async () => {
    const base = await serve((_req, res) => res.end('<html>'));
    await failure(insecure.getJson(`${base}/`, { timeoutMs: 2000 }));
  });

  it('refuses an oversize body, declared or streamed', async () => {
    const big = 'x'.repeat(600 * 1024);
    const declared = await serve((_req, res) => res.end(JSON.stringify({ big })));
    await failure(insecure.getJson(`${declared}/`, { timeoutMs: 2000 }));
    const streamed = await serve((_req, res) => {
      res.write('{"big":"');
      const chunk = 'y'.repeat(64 * 1024);
      for (let i = 0; i < 10; i++) res.write(chunk);
      res.end('"}');
    });
    const err = await failure(insecure.getJson(`${streamed}/`, { timeoutMs: 2000 }));
    expect(err.detail).toContain('bytes');
  });

  it('does not follow redirects', async () => {
    const base = await serve((_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://127.0.0.1:1/');
      res.end();
    });
    await failure(insecure.getJson(`${base}/`, { timeoutMs: 2000 }));
  });

  it('maps a refused connection to IDP_UNAVAILABLE', async () => {
    const base = await serve(() => undefined);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    await failure(insecure.getJson(`${base}/`, { timeoutMs: 2000 }));
  });

  describe('without allowInsecureIdpUrls', () => {
    it('refuses http://', async () => {
      const err = await failure(strict.getJson('http://login.example.com/jwks', { timeoutMs: 2000 }));
      expect(err.detail).toContain('https');
    });

    it('refuses a loopback literal', async () => {
      await failure(strict.getJson('https://127.0.0.1/jwks', { timeoutMs: 2000 }));
      await failure(strict.getJson('https://[::1]/jwks', { timeoutMs: 2000 }));
    });

    it.each([
      'https://[::ffff:127.0.0.1]/jwks',
      'https://[::7f00:1]/jwks',
      'https://[64:ff9b::7f00:1]/jwks',
      'https://[2002:7f00:1::]/jwks',
      'https://198.18.0.1/jwks',
    ])('refuses the literal %s without a DNS lookup', async (url) => {
      let lookups = 0;
      const idpHttp = createFetchIdpHttp({
        allowInsecureIdpUrls: false,
        lookup: async () => {
          lookups++;
          return [{ address: '93.184.215.14' }];
        },
      });
      const err = await failure(idpHttp.getJson(url, { timeoutMs: 2000 }));
      expect(err.detail).toMatch(/loopback|private/);
      expect(lookups).toBe(0);
    });

    it.each(['::ffff:7f00:1', '::7f00:1', '64:ff9b::a00:1', '2002:a9fe:a9fe::', '198.18.0.1'])(
      'refuses a name that resolves to %s',
      async (address) => {
        const idpHttp = createFetchIdpHttp({
          allowInsecureIdpUrls: false,
          lookup: async () => [{ address }],
        });
        const err = await failure(idpHttp.getJson('https://login.acme.example/jwks', { timeoutMs: 2000 }));
        expect(err.detail).toContain('private');
      },
    );

    it('reaches a loopback server through its IPv4-mapped literal only with allowInsecureIdpUrls', async () => {
      const base = await serve((_req, res) => res.end('{"ok":true}'));
      const mapped = base.replace('127.0.0.1', '[::ffff:127.0.0.1]');
      await expect(insecure.getJson(`${mapped}/jwks`, { timeoutMs: 2000 })).resolves.toEqual({ ok: true });
      await failure(strict.getJson(`${mapped.replace('http:', 'https:')}/jwks`, { timeoutMs: 2000 }));
    });

    it('refuses localhost', async () => {
      await failure(strict.getJson('https://localhost/jwks', { timeoutMs: 2000 }));
    });

    it('refuses a public-looking name that resolves to a private address', async () => {
      const resolved: string[] = [];
      const idpHttp = createFetchIdpHttp({
        allowInsecureIdpUrls: false,
        lookup: async (hostname) => {
          resolved.push(hostname);
          return [{ address: '203.0.113.7' }, { address: '127.0.0.1' }];
        },
      });
      const err = await failure(idpHttp.getJson('https://login.acme.example/jwks', { timeoutMs: 2000 }));
      expect(resolved).toEqual(['login.acme.example']);
      expect(err.detail).toContain('private');
    });

    it('refuses a name that does not resolve', async () => {
      const idpHttp = createFetchIdpHttp({
        allowInsecureIdpUrls: false,
        lookup: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
        },
      });
      await failure(idpHttp.getJson('https://nowhere.invalid/jwks', { timeoutMs: 2000 }));
    });

    it('resolves a real name to loopback and refuses it', async () => {
      const idpHttp = createFetchIdpHttp({
        allowInsecureIdpUrls: false,
        lookup: async () => [{ address: '127.0.0.1' }],
      });
      await failure(idpHttp.getJson('https://idp.test/jwks', { timeoutMs: 2000 }));
    });
  });
});
