import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ErrorCode } from '@parley/protocol';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { parseConfig, systemClock, type Clock, type ParleyConfig, type Stores } from '@parley/core';
import {
  CODE_IDP_BRAND_REDIRECT,
  CODE_IDP_CLIENTS,
  CODE_IDP_ENCRYPTED_CLIENT,
  createFetchIdpHttp,
  startCodeFlowIdp,
  type CodeFlowIdp,
  type CodeIdpAuthMethod,
} from '@parley/core/testing';
import { createMemoryStores } from '@parley/storage';
import { buildApp } from '../app.ts';
import { BRAND_ORIGIN } from './build-test-app.ts';

export const PUBLIC_URL = 'https://parley.example';
/** The admin API key of every code-flow test app (admin consumer view). */
export const ADMIN_API_KEY = 'code-flow-admin-key-0123456789';
export { BRAND_ORIGIN };
export const CALLBACK_URL = `${PUBLIC_URL}/v1/accounts/acme/callback`;
export { CODE_IDP_BRAND_REDIRECT };

/** Connector id per token endpoint auth method. */
export const CONNECTOR: Record<CodeIdpAuthMethod, string> = {
  client_secret_basic: 'basic',
  client_secret_post: 'post',
  private_key_jwt: 'pkjwt',
  none: 'public',
};

/** A clock on the wall clock plus an offset tests can move (PKCE/state expiry). */
export interface OffsetClock extends Clock {
  advanceSeconds(seconds: number): void;
}

export function createOffsetClock(): OffsetClock {
  let offset = 0;
  return { now: () => systemClock.now() + offset, advanceSeconds: (s) => (offset += s * 1000) };
}

/** One real IdP (per test file) and a forwarder that lets it POST back-channel logouts into `app.inject`. */
export interface CodeFlowWorld {
  idp: CodeFlowIdp;
  clientJwk: JWK;
  clientPrivateJwk: JWK;
  /** Set by each test app so the IdP's back-channel POSTs reach it. */
  target: { app?: FastifyInstance; responses: number[] };
  close(): Promise<void>;
}

/** Options of {@link startWorld}. */
export interface WorldOptions {
  /**
   * The IdP also has {@link CODE_IDP_ENCRYPTED_CLIENT}, which encrypts id_tokens to the account
   * JWKS Parley publishes (fetched through the forwarder from the current test app, once:
   * build one app per world for it).
   */
  encryptedIdTokens?: boolean;
  /**
   * oidc-provider's own default (`conformIdTokenClaims: true`): profile claims only in the
   * UserInfo answer. Without it the IdP also puts them in the id_token, as the flow tests
   * that read them from the id_token expect.
   */
  providerDefaultClaims?: boolean;
}

export async function startWorld(options: WorldOptions = {}): Promise<CodeFlowWorld> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const clientPrivateJwk = { ...(await exportJWK(privateKey)), kid: 'parley-client-1', alg: 'ES256' };
  const clientJwk = { ...(await exportJWK(publicKey)), kid: 'parley-client-1', alg: 'ES256', use: 'sig' };
  const target: CodeFlowWorld['target'] = { responses: [] };
  const forwarder: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (!target.app) return res.writeHead(503).end();
        const answer = await target.app.inject({
          method: req.method === 'GET' ? 'GET' : 'POST',
          url: req.url ?? '/',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          ...(req.method === 'GET' ? {} : { payload: Buffer.concat(chunks) }),
        });
        target.responses.push(answer.statusCode);
        res.writeHead(answer.statusCode).end(answer.body);
      })();
    });
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const port = (forwarder.address() as AddressInfo).port;
  const idp = await startCodeFlowIdp({
    popupRedirectUri: CALLBACK_URL,
    parleyClientJwk: clientJwk,
    backchannelLogoutUri: `http://127.0.0.1:${port}/v1/accounts/acme/backchannel-logout`,
    ...(options.providerDefaultClaims ? {} : { conformIdTokenClaims: false }),
    ...(options.encryptedIdTokens
      ? { encryptedIdTokensJwksUri: `http://127.0.0.1:${port}/v1/accounts/acme/.well-known/jwks.json` }
      : {}),
  });
  return {
    idp,
    clientJwk,
    clientPrivateJwk,
    target,
    async close() {
      await idp.close();
      forwarder.closeAllConnections();
      await new Promise<void>((resolve) => forwarder.close(() => resolve()));
    },
  };
}

/**
 * Starts one world for the test file before its tests and closes it after them. The object
 * returned reads the started world, so use it inside tests and later `beforeAll` hooks only.
 */
export function useWorld(options: WorldOptions = {}): CodeFlowWorld {
  let started: CodeFlowWorld | undefined;
  beforeAll(async () => {
    started = await startWorld(options);
  });
  afterAll(async () => started?.close());
  const current = (): CodeFlowWorld => {
    if (!started) throw new Error('the code-flow world is read before its beforeAll ran');
    return started;
  };
  return {
    get idp() {
      return current().idp;
    },
    get clientJwk() {
      return current().clientJwk;
    },
    get clientPrivateJwk() {
      return current().clientPrivateJwk;
    },
    get target() {
      return current().target;
    },
    close: () => current().close(),
  };
}

/** The IdP's `client_secret_basic` client, to spread into a `connectors` entry. */
export const BASIC_CLIENT = {
  clientId: CODE_IDP_CLIENTS.client_secret_basic.clientId,
  clientSecret: CODE_IDP_CLIENTS.client_secret_basic.clientSecret,
};

/** The IdP's client whose id_tokens are encrypted to the account JWKS (`useWorld({ encryptedIdTokens: true })`). */
export const ENCRYPTED_CLIENT = {
  clientId: CODE_IDP_ENCRYPTED_CLIENT.clientId,
  clientSecret: CODE_IDP_ENCRYPTED_CLIENT.clientSecret,
};

export interface CodeFlowApp {
  app: FastifyInstance;
  stores: Stores;
  clock: OffsetClock;
  config: ParleyConfig;
  /** Token endpoint (and any other) requests made by Parley's code exchanger. */
  exchangerCalls: string[];
  /** id_tokens the IdP returned to Parley's exchanger (to read `sid`). */
  idTokens: string[];
  post(path: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** Parley (memory stores, real IdP over http: test-only `allowInsecureIdpUrls`) for `world`. */
export async function buildCodeFlowApp(
  world: CodeFlowWorld,
  overrides: { connector?: Record<string, unknown>; connectors?: Record<string, unknown>[] } = {},
): Promise<CodeFlowApp> {
  const clock = createOffsetClock();
  const common = {
    issuer: world.idp.issuer,
    discoveryUrl: world.idp.discoveryUrl,
    redirectUris: [CODE_IDP_BRAND_REDIRECT],
    flows: ['code', 'pkce'],
    idpTimeoutMs: 3000,
    ...overrides.connector,
  };
  // `connectors` replaces the default list; each entry still gets the IdP's issuer, discovery and flows
  const connectors = overrides.connectors?.map((c) => ({ ...common, ...c })) ?? [
    {
      ...common,
      id: 'basic',
      ...BASIC_CLIENT,
    },
    {
      ...common,
      id: 'post',
      clientId: CODE_IDP_CLIENTS.client_secret_post.clientId,
      clientSecret: CODE_IDP_CLIENTS.client_secret_post.clientSecret,
      tokenEndpointAuthMethod: 'client_secret_post',
    },
    {
      ...common,
      id: 'pkjwt',
      clientId: CODE_IDP_CLIENTS.private_key_jwt.clientId,
      tokenEndpointAuthMethod: 'private_key_jwt',
      privateKey: world.clientPrivateJwk,
    },
    {
      ...common,
      id: 'public',
      clientId: CODE_IDP_CLIENTS.none.clientId,
      tokenEndpointAuthMethod: 'none',
      flows: ['pkce'],
    },
  ];
  const config = parseConfig({
    server: { publicUrl: PUBLIC_URL },
    storage: { driver: 'memory' },
    adminApiKey: ADMIN_API_KEY,
    security: { allowInsecureIdpUrls: true, rateLimits: false },
    accounts: [{ id: 'acme', allowedOrigins: [BRAND_ORIGIN], connectors }],
  });
  const stores = createMemoryStores({ clock });
  const exchangerCalls: string[] = [];
  const idTokens: string[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    exchangerCalls.push(String(input instanceof Request ? input.url : input));
    const response = await fetch(input, init);
    const copy = response.clone();
    void copy
      .json()
      .then((body: { id_token?: string }) => body.id_token && idTokens.push(body.id_token))
      .catch(() => undefined);
    return response;
  };
  const app = await buildApp({
    config,
    stores,
    idpHttp: createFetchIdpHttp(),
    clock,
    logger: false,
    codeFlowFetch: countingFetch,
  });
  world.target.app = app;
  return {
    app,
    stores,
    clock,
    config,
    exchangerCalls,
    idTokens,
    post: (path, body) =>
      app.inject({
        method: 'POST',
        url: `/v1/accounts/acme/${path}`,
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** Reads the JSON payload of a compact JWS without verifying it (test inspection only). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Asserts a problem+json answer with this status and catalogue code. */
export function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: ErrorCode,
): void {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect({ status: res.statusCode, code: (res.json() as { code: string }).code }).toEqual({ status, code });
}
