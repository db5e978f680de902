import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@parley/core';
import { createMemoryStores } from '@parley/storage';
import { buildApp } from '../../src/app.ts';
import { createFetchIdpHttp } from '../../src/idp/fetch-idp-http.ts';
import { createGuardedFetch } from '../../src/idp/create-guarded-fetch.ts';
import type { LookupAll } from '../../src/idp/assert-public-idp-host.ts';

const ISSUER = 'https://login.acme.example';
const REDIRECT = 'https://www.acme.example/callback';
/** Generous slack over the deadline: a correctness bound (one deadline, not one per call), not a speed test. */
const SLACK_MS = 1000;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** Paths requested from the test IdP servers. */
let requested: string[] = [];

/** A real HTTP server on 127.0.0.1 answering with `handler` (which may never answer). */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    requested.push(req.url ?? '');
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const neverAnswers = () => undefined;
const headersThenStall = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"access_token":');
};

/** A DNS resolution that never completes (the worker threads busy with scrypt and key generation). */
const stuckLookup: LookupAll = () => new Promise(() => undefined);

/**
 * Parley with one code-flow connector (the production IdP HTTP client and guarded fetch);
 * `lookup` given: production URL rules (https, public hosts) with that DNS resolution.
 */
async function parley(connector: Record<string, unknown>, lookup?: LookupAll) {
  const secure = lookup !== undefined;
  const config = parseConfig({
    storage: { driver: 'memory' },
    security: { allowInsecureIdpUrls: !secure, rateLimits: false },
    accounts: [
      {
        id: 'acme',
        connectors: [
          {
            id: 'main',
            issuer: ISSUER,
            clientId: 'parley',
            clientSecret: 'parley-secret',
            redirectUris: [REDIRECT],
            flows: ['code'],
            ...connector,
          },
        ],
      },
    ],
  });
  const app = await buildApp({
    config,
    stores: createMemoryStores(),
    idpHttp: createFetchIdpHttp({ allowInsecureIdpUrls: !secure, ...(lookup ? { lookup } : {}) }),
    codeFlowFetch: createGuardedFetch({ allowInsecureIdpUrls: !secure, ...(lookup ? { lookup } : {}) }),
    logger: false,
  });
  return app;
}

/**
 * POSTs a code to /authenticate; the answer and how long it took. `warm`: the account's
 * encryption keys are made first (as after any earlier request), so the time goes to the IdP.
 */
async function authenticate(connector: Record<string, unknown>, warm = true, lookup?: LookupAll) {
  const app = await parley(connector, lookup);
  requested = [];
  try {
    await app.ready();
    if (warm) await app.inject({ method: 'GET', url: '/v1/accounts/acme/.well-known/jwks.json' });
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/authenticate',
      payload: { code: 'the-code', redirectUri: REDIRECT },
    });
    return { res, elapsedMs: performance.now() - started };
  } finally {
    await app.close();
  }
}

/** A connector whose token endpoint and JWKS are at `idp`, with an `idpTimeoutMs` deadline. */
const connectorAt = (idp: string, idpTimeoutMs = 300) => ({
  tokenEndpoint: `${idp}/token`,
  jwksUri: `${idp}/jwks`,
  idpTimeoutMs,
});

/** The login was refused with 502 IDP_UNAVAILABLE before `timeoutMs` plus the slack. */
function expectUnavailableWithin(
  timeoutMs: number,
  { res, elapsedMs }: Awaited<ReturnType<typeof authenticate>>,
) {
  expect(res.statusCode).toBe(502);
  expect(res.json().code).toBe('IDP_UNAVAILABLE');
  expect(elapsedMs).toBeLessThan(timeoutMs + SLACK_MS);
}

describe('a token endpoint that does not answer', () => {
  it('that accepts and never answers → 502 IDP_UNAVAILABLE before idpTimeoutMs + 1 s', async () => {
    const idp = await serve(neverAnswers);
    const answer = await authenticate(connectorAt(idp));
    expect(requested).toEqual(['/token']);
    expectUnavailableWithin(300, answer);
    expect(answer.res.body).not.toContain('the-code');
  });

  it('on the first login of a cold account (its keys made during the login) → still within the deadline', async () => {
    const idp = await serve(neverAnswers);
    expectUnavailableWithin(300, await authenticate(connectorAt(idp), false));
  });

  it('that sends its headers and then stalls the body → 502 IDP_UNAVAILABLE before idpTimeoutMs + 1 s', async () => {
    const idp = await serve(headersThenStall);
    const answer = await authenticate(connectorAt(idp));
    expectUnavailableWithin(300, answer);
    expect(requested).toEqual(['/token']);
  });
});

describe('one deadline covers the whole IdP interaction of a login', () => {
  it('a slow discovery document leaves the token endpoint only what is left of idpTimeoutMs', async () => {
    const timeoutMs = 1500;
    const token = await serve(neverAnswers);
    // discovery answers just inside the deadline; the token endpoint then never answers
    const discovery = await serve((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: ISSUER, token_endpoint: `${token}/token` }));
      }, timeoutMs - 200);
    });
    const answer = await authenticate({
      discoveryUrl: `${discovery}/.well-known/openid-configuration`,
      idpTimeoutMs: timeoutMs,
    });
    expect(requested).toEqual(['/.well-known/openid-configuration', '/token']);
    // one timeout per call would be about timeoutMs - 200 + timeoutMs
    expectUnavailableWithin(timeoutMs, answer);
  });

  it('a DNS lookup that never completes (the SSRF host check) is inside the deadline too', async () => {
    const timeoutMs = 300;
    const answer = await authenticate(
      connectorAt('https://login.acme.example', timeoutMs),
      true,
      stuckLookup,
    );
    expectUnavailableWithin(timeoutMs, answer);
  });
});
