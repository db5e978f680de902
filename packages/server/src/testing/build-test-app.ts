import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { epochSeconds, parseConfig, type ParleyConfig, type Stores } from '@parley/core';
import {
  TEST_CLIENT_ID,
  TEST_ISSUER,
  createFakeClock,
  createFakeIdpHttp,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  type FakeClock,
  type TestSigningKey,
} from '@parley/core/testing';
import { createMemoryStores } from '@parley/storage';
import { buildApp } from '../app.ts';
import type { RealtimeOptions } from '../ws/realtime-options.ts';

/** The admin API key of every test app. */
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
/** The password of the test agents (hashed with a small scrypt cost where they are configured). */
export const AGENT_PASSWORD = 'correct horse battery';
/** The brand origin allowed for account `acme`. */
export const BRAND_ORIGIN = 'https://www.acme.example';

export interface TestApp {
  app: FastifyInstance;
  clock: FakeClock;
  stores: Stores;
  config: ParleyConfig;
  brandKey: TestSigningKey;
  /** A valid id_token for `acme`/`main` at the clock's now, claims overridable. */
  mint(claims?: Record<string, unknown>): Promise<string>;
  /** POST JSON to `/v1/accounts/{account}/{path}`. */
  post(
    path: string,
    body?: unknown,
    options?: { account?: string; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

/** Connector `main`: the test issuer and client id, trusting `brandKey`; `extra` fields merged in. */
export function testConnector(brandKey: TestSigningKey, extra: Record<string, unknown> = {}) {
  return {
    id: 'main',
    issuer: TEST_ISSUER,
    clientId: TEST_CLIENT_ID,
    publicKeys: [brandKey.publicJwk],
    ...extra,
  };
}

export interface TestAppOptions {
  /** Raw config overrides merged at the top level (before parsing). */
  config?: Record<string, unknown>;
  /** Fields merged into connector `main` of `acme` (e.g. `flows`). */
  connector?: Record<string, unknown>;
  stores?: (clock: FakeClock) => Stores;
  logStream?: DestinationStream;
  realtime?: Partial<RealtimeOptions>;
  /** Share a clock and brand key with another test app (two apps over one store). */
  clock?: FakeClock;
  brandKey?: TestSigningKey;
}

/**
 * An app over memory stores and a fake clock with accounts `acme` (connector `main`, one ES256
 * brand key, a masked custom claim) and `locked` (`requireAuthentication`). Rate limits off
 * unless overridden; logging off unless `logStream` is given.
 *
 * @example
 * ```ts
 * const t = await buildTestApp();
 * const res = await t.post('authenticate', { idToken: await t.mint({ sub: 'c-1' }) });
 * ```
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? createFakeClock();
  const brandKey = options.brandKey ?? (await generateSigningKey('ES256'));
  const connector = testConnector(brandKey, {
    claims: [
      { claim: 'account_number', label: 'Account number', mask: 'last4' },
      { claim: 'billing.plan', label: 'Plan' },
    ],
  });
  const config = parseConfig({
    storage: { driver: 'memory' },
    adminApiKey: ADMIN_KEY,
    security: { rateLimits: false },
    accounts: [
      {
        id: 'acme',
        allowedOrigins: [BRAND_ORIGIN],
        sessionMaxSeconds: 3600,
        connectors: [{ ...connector, ...options.connector }],
      },
      { id: 'locked', requireAuthentication: true, connectors: [{ ...connector, claims: [] }] },
    ],
    ...options.config,
  });
  const stores = options.stores ? options.stores(clock) : createMemoryStores({ clock });
  const app = await buildApp({
    config,
    stores,
    idpHttp: createFakeIdpHttp(),
    clock,
    logger: options.logStream ? { level: 'info' } : false,
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.realtime ? { realtime: options.realtime } : {}),
  });
  return {
    app,
    clock,
    stores,
    config,
    brandKey,
    mint: (claims = {}) => mintToken(brandKey, idTokenClaims(epochSeconds(clock), claims)),
    post: (path, body, opts = {}) =>
      app.inject({
        method: 'POST',
        url: `/v1/accounts/${opts.account ?? 'acme'}/${path}`,
        headers: opts.headers,
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** A log stream for `logStream` (or pino) that keeps what is written: one chunk per log line. */
export function captureLog(): { stream: Writable; chunks: readonly string[]; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, chunks, text: () => chunks.join('') };
}
