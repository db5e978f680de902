import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isParleyError } from '@parley/core';
import { assertPublicIdpHost, type LookupAll } from './assert-public-idp-host.ts';
import { createGuardedFetch } from './create-guarded-fetch.ts';
import { createFetchIdpHttp } from './fetch-idp-http.ts';

// A loopback server standing for an internal service: a rebinding DNS answer points at it.
let internal: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  internal = createServer((_req, res) => res.end('{"internal":true}'));
  internal.on('connection', () => connections++);
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  port = (internal.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => internal.close(resolve)));

/** A DNS that answers a public address first and the internal loopback one afterwards. */
function rebindingLookup(): LookupAll & { calls: number } {
  const lookup = Object.assign(
    async () => {
      lookup.calls++;
      return lookup.calls === 1 ? [{ address: '93.184.215.14' }] : [{ address: '127.0.0.1' }];
    },
    { calls: 0 },
  );
  return lookup;
}

describe('IdP calls connect to the address the SSRF guard checked (no second resolution)', () => {
  it('getJson: a rebinding answer never reaches the loopback service', async () => {
    const lookup = rebindingLookup();
    const idpHttp = createFetchIdpHttp({ allowInsecureIdpUrls: false, lookup });
    const err = await idpHttp
      .getJson(`https://idp.rebind.example:${port}/jwks`, { timeoutMs: 1500 })
      .catch((e: unknown) => e);
    expect(isParleyError(err, 'IDP_UNAVAILABLE')).toBe(true);
    expect(lookup.calls).toBe(1);
    expect(connections).toBe(0);
  });

  it('the guarded fetch (token and UserInfo requests): the same', async () => {
    const lookup = rebindingLookup();
    const guarded = createGuardedFetch({ allowInsecureIdpUrls: false, lookup });
    const err = await guarded(`https://idp.rebind.example:${port}/token`, {
      method: 'POST',
      signal: AbortSignal.timeout(1500),
    }).catch((e: unknown) => e);
    expect(err).toBeDefined();
    expect(lookup.calls).toBe(1);
    expect(connections).toBe(0);
  });

  it('a name whose answer is public passes the pre-flight check', async () => {
    await expect(
      assertPublicIdpHost(new URL('https://login.acme.example/jwks'), async () => [
        { address: '93.184.215.14' },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c' },
      ]),
    ).resolves.toBeUndefined();
  });
});
