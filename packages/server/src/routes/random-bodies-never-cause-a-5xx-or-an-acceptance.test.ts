import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@parley/protocol';
import { hashPassword } from '../agents/scrypt-password-hasher.ts';
import { ADMIN_KEY, buildTestApp, type TestApp } from '../testing/build-test-app.ts';

/**
 * Property: whatever bytes arrive as a body, a query string or a credential, the server answers
 * < 500, every error is problem+json with a catalogue `code` (docs/errors.md), and nothing random
 * is ever accepted where acceptance needs a credential. Runs are bounded so the file stays quick.
 */
/** `PARLEY_FUZZ_RUNS` raises the runs for a deeper search (the default keeps the suite quick). */
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 150);
const PASSWORD = 'correct horse battery';
const ACME = '/v1/accounts/acme';

type Input = { payload: string | Buffer; contentType?: string };

const wrongValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}),
  fc.nat({ max: 100_000 }).map((n) => 'x'.repeat(n)),
);

/** An object with the route's own keys (and maybe others) holding values of any type. */
function keyedObject(keys: readonly string[]): fc.Arbitrary<unknown> {
  const key = keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), fc.string()) : fc.string();
  return fc.dictionary(key, wrongValue, { maxKeys: keys.length + 2 });
}

function deepNesting(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean())
    .map(([depth, arrays]) =>
      arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    );
}

const contentTypes = fc.oneof(
  fc.constant('application/json'),
  fc.constantFrom(
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-16',
    'application/problem+json',
  ),
  fc.string({ maxLength: 40 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
);

/** Random and mutated bodies: JSON values, anything serialized, keyed objects, bytes, nesting. */
function bodies(keys: readonly string[], near?: fc.Arbitrary<unknown>): fc.Arbitrary<Input> {
  const json = fc.oneof(
    (near ?? keyedObject(keys)).map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    fc.anything().map((v) => {
      try {
        return JSON.stringify(v) ?? 'undefined';
      } catch {
        return String(v);
      }
    }),
    keyedObject(keys).map((v) => JSON.stringify(v)),
    deepNesting(),
    fc.string({ maxLength: 200 }),
  );
  return fc.oneof(
    json.map((payload) => ({ payload, contentType: 'application/json' })),
    fc
      .uint8Array({ maxLength: 512 })
      .map((b) => ({ payload: Buffer.from(b), contentType: 'application/json' })),
    fc.tuple(json, contentTypes).map(([payload, contentType]) => ({ payload, contentType })),
    json.map((payload) => ({ payload })),
  );
}

/** Random query strings: known keys with random values, random keys, raw percent garbage. */
function queries(keys: readonly string[]): fc.Arbitrary<string> {
  const pairs = fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })),
        fc.oneof(fc.string(), fc.integer().map(String)),
      ),
      { maxLength: 5 },
    )
    .map((entries) => new URLSearchParams(entries).toString());
  const raw = fc
    .array(fc.constantFrom('%', 'zz', '%00', '&', '=', '[]', 'limit', 'before', '+', '%ff', 'a'), {
      maxLength: 12,
    })
    .map((p) => p.join(''));
  return fc.oneof(pairs, raw);
}

/** Three base64url segments: the shape of a compact JWS without a valid signature. */
const jwtShaped = fc
  .tuple(fc.jsonValue(), fc.jsonValue(), fc.uint8Array({ maxLength: 64 }))
  .map(([h, p, sig]) =>
    [JSON.stringify(h) ?? '', JSON.stringify(p) ?? '', sig]
      .map((x) => Buffer.from(x).toString('base64url'))
      .join('.'),
  );

const bearer = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  jwtShaped.map((jwt) => `Bearer ${jwt}`),
  fc.uuid().map((id) => `Bearer ${id}`),
);

let t: TestApp;
let agentToken: string;

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD, { N: 1024 });
  t = await buildTestApp({
    config: { agents: [{ account: 'acme', email: 'ana@acme.example', name: 'Ana', passwordHash }] },
  });
  const login = await t.post('agents/login', { email: 'ana@acme.example', password: PASSWORD });
  agentToken = (login.json() as { sessionToken: string }).sessionToken;
});
afterAll(() => t.app.close());

/** < 500, and any error is problem+json with a catalogue code. */
function expectHandled(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ERROR_CODES).toContain((res.json() as { code: string }).code);
  }
}

function send(
  method: 'POST' | 'GET' | 'DELETE',
  url: string,
  input: Input,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url,
    payload: input.payload,
    headers: {
      ...(input.contentType === undefined ? {} : { 'content-type': input.contentType }),
      ...headers,
    },
  });
}

const isEmptyObject = (text: string | Buffer) => String(text).trim() === '{}';

interface BodyRoute {
  path: string;
  keys: readonly string[];
  /** What a 2xx may answer: nothing random is a valid credential, so mostly never. */
  mayAccept: (input: Input) => boolean;
  /** Near-valid bodies: the right shape with random credentials. */
  near?: fc.Arbitrary<unknown>;
}

const BODY_ROUTES: BodyRoute[] = [
  {
    path: `${ACME}/anonymous`,
    keys: [],
    // without a content-type the body is not read: a bodiless POST is `{}` (docs/protocol.md)
    mayAccept: (i) => i.contentType === undefined || isEmptyObject(i.payload),
  },
  {
    path: `${ACME}/pkce`,
    keys: ['connector'],
    mayAccept: (i) =>
      isEmptyObject(i.payload) || /^\{\s*"connector"\s*:\s*"main"\s*\}$/.test(String(i.payload)),
  },
  {
    path: `${ACME}/authenticate`,
    keys: [
      'idToken',
      'code',
      'redirectUri',
      'pkceTransaction',
      'codeVerifier',
      'connector',
      'anonymousSessionToken',
    ],
    mayAccept: () => false,
    near: fc.record({ idToken: jwtShaped }, { requiredKeys: [] }),
  },
  { path: `${ACME}/authorize/anonymous-ref`, keys: [], mayAccept: () => false },
  { path: `${ACME}/logout`, keys: [], mayAccept: () => false },
  {
    path: `${ACME}/agents/login`,
    keys: ['email', 'password'],
    mayAccept: () => false,
    near: fc.record({ email: fc.constantFrom('ana@acme.example', 'x@acme.example'), password: fc.string() }),
  },
  { path: `${ACME}/agents/logout`, keys: [], mayAccept: () => false },
  { path: `${ACME}/backchannel-logout`, keys: ['logout_token'], mayAccept: () => false },
  { path: '/v1/admin/accounts/acme/keys/rotate', keys: ['kind'], mayAccept: () => false },
];

describe('random HTTP bodies', () => {
  for (const route of BODY_ROUTES) {
    it(`POST ${route.path}: never 5xx, errors are catalogue problems, nothing invalid accepted`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies(route.keys, route.near), async (input) => {
          const res = await send('POST', route.path, input);
          expectHandled(res);
          if (res.statusCode < 300)
            expect(route.mayAccept(input), `${res.statusCode} for ${String(input.payload)}`).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('POST /backchannel-logout: random form bodies never 5xx and never revoke', async () => {
    const form = fc
      .dictionary(
        fc.oneof(fc.constant('logout_token'), fc.string({ maxLength: 8 })),
        fc.string({ maxLength: 300 }),
        { maxKeys: 3 },
      )
      .map((d) => new URLSearchParams(d).toString());
    await fc.assert(
      fc.asyncProperty(form, async (payload) => {
        const res = await send('POST', `${ACME}/backchannel-logout`, {
          payload,
          contentType: 'application/x-www-form-urlencoded',
        });
        expectHandled(res);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
  });

  it('random Authorization headers never open a bearer or admin route', async () => {
    const routes = [
      ['POST', `${ACME}/logout`],
      ['POST', `${ACME}/agents/logout`],
      ['POST', `${ACME}/authorize/anonymous-ref`],
      ['GET', `${ACME}/agent/conversations`],
      ['GET', `${ACME}/consumer/conversations`],
      ['GET', '/v1/admin/accounts/acme/audit'],
      ['POST', '/v1/admin/accounts/acme/keys/rotate'],
      ['DELETE', '/v1/admin/accounts/acme/consumers/c-1'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), bearer, async ([method, url], authorization) => {
        const res = await t.app.inject({ method, url, headers: { authorization } });
        expectHandled(res);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('random query strings on the GET routes', () => {
  const cases = [
    {
      url: `${ACME}/agent/conversations`,
      keys: ['status', 'mine', 'limit', 'before'],
      auth: () => `Bearer ${agentToken}`,
    },
    {
      url: `${ACME}/agent/conversations/c-1/messages`,
      keys: ['before', 'afterSeq', 'limit'],
      auth: () => `Bearer ${agentToken}`,
    },
    {
      url: '/v1/admin/accounts/acme/audit',
      keys: ['type', 'consumerId', 'agentId', 'limit', 'before', 'since'],
      auth: () => `Bearer ${ADMIN_KEY}`,
    },
  ];
  for (const c of cases) {
    it(`GET ${c.url}: never 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(queries(c.keys), async (query) => {
          const res = await t.app.inject({
            method: 'GET',
            url: `${c.url}?${query}`,
            headers: { authorization: c.auth() },
          });
          expectHandled(res);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
