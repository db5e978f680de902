/**
 * Hostile-login load test: 1,000 concurrent implicit-flow logins against a real listening
 * Parley (memory storage, real jose verification, real replay cache), 10 % of them hostile:
 * a bad signature, `alg: none`, expired, replayed and wrong-audience tokens (20 each). Counts
 * hostile tokens accepted, valid tokens refused and 5xx answers; all three must be 0.
 * Rate limits are off (one client IP would hit them). Stops by itself (hard limit 120 s).
 *
 * Run: `npx tsx bench/hostile-logins.ts [total]` (default 1000). Exit code 1 if any count is not 0.
 */
import type { AddressInfo } from 'node:net';
import { epochSeconds, parseConfig, systemClock } from '@parley/core';
import {
  TEST_CLIENT_ID,
  TEST_ISSUER,
  createFakeIdpHttp,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  rawToken,
} from '@parley/core/testing';
import { createMemoryStores } from '@parley/storage';
import { buildApp } from '../packages/server/src/app.ts';

const HARD_LIMIT_MS = 120_000;
const total = Number(process.argv[2] ?? 1000);
const hostileCount = Math.round(total / 10);
const KINDS = ['bad-signature', 'alg-none', 'expired', 'replayed', 'wrong-aud'] as const;
type Kind = 'valid' | (typeof KINDS)[number];

setTimeout(() => {
  console.error(`hostile-logins: still running after ${HARD_LIMIT_MS / 1000} s, giving up`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

const brand = await generateSigningKey('ES256', { kid: 'brand-1' });
const forger = await generateSigningKey('ES256', { kid: 'brand-1' }); // same kid, other key
const config = parseConfig({
  storage: { driver: 'memory' },
  log: { level: 'silent' },
  security: { rateLimits: false },
  accounts: [
    {
      id: 'bench',
      connectors: [
        { id: 'main', issuer: TEST_ISSUER, clientId: TEST_CLIENT_ID, publicKeys: [brand.publicJwk] },
      ],
    },
  ],
});
const app = await buildApp({
  config,
  stores: createMemoryStores({ clock: systemClock }),
  idpHttp: createFakeIdpHttp(),
  logger: false,
});
await app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/accounts/bench/authenticate`;
const now = epochSeconds(systemClock);

async function hostile(kind: (typeof KINDS)[number], i: number): Promise<string> {
  const claims = idTokenClaims(now, { sub: `hostile-${kind}-${i}` });
  switch (kind) {
    case 'bad-signature':
      return mintToken(forger, claims);
    case 'alg-none':
      return rawToken(JSON.stringify({ alg: 'none', typ: 'JWT' }), JSON.stringify(claims), '');
    case 'expired':
      return mintToken(brand, { ...claims, iat: now - 4000, exp: now - 3000 });
    case 'wrong-aud':
      return mintToken(brand, { ...claims, aud: 'someone-else' });
    case 'replayed':
      return mintToken(brand, claims); // used once below, before the timed batch
  }
}

const post = async (idToken: string) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idToken }),
  });
  await res.arrayBuffer();
  return res.status;
};

const failures = new Map<string, number>();
/** A request that got no HTTP answer: counted by its cause (connection reset, refused...). */
function noAnswer(err: unknown): number {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? String(err);
  failures.set(why, (failures.get(why) ?? 0) + 1);
  return 0;
}

const batch: { kind: Kind; token: string }[] = [];
for (let i = 0; i < hostileCount; i++) {
  const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
  batch.push({ kind, token: await hostile(kind, i) });
}
const firstUses = batch.filter((b) => b.kind === 'replayed').map((b) => post(b.token));
if ((await Promise.all(firstUses)).some((s) => s !== 200))
  throw new Error('a first use of a replay token failed');
for (let i = 0; i < total - hostileCount; i++)
  batch.push({ kind: 'valid', token: await mintToken(brand, idTokenClaims(now, { sub: `valid-${i}` })) });
batch.sort(() => Math.random() - 0.5); // interleave hostile and valid requests

const started = performance.now();
const results = await Promise.all(
  batch.map(async (b) => ({ ...b, status: await post(b.token).catch(noAnswer) })),
);
const seconds = (performance.now() - started) / 1000;
await app.close();

const hostileAccepted = results.filter((r) => r.kind !== 'valid' && r.status === 200).length;
const validRefused = results.filter((r) => r.kind === 'valid' && r.status !== 200).length;
const serverErrors = results.filter((r) => r.status >= 500 || r.status === 0).length;
const byKind = Object.fromEntries(
  [...new Set(results.map((r) => r.kind))].map((k) => [
    k,
    results
      .filter((r) => r.kind === k)
      .reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}),
  ]),
);
console.log(`${total} concurrent logins (${hostileCount} hostile) in ${seconds.toFixed(2)} s`);
console.log('statuses by kind:', JSON.stringify(byKind));
console.log(
  `hostile accepted: ${hostileAccepted}, valid refused: ${validRefused}, 5xx or no answer: ${serverErrors}`,
);
process.exitCode = hostileAccepted + validRefused + serverErrors === 0 ? 0 : 1;
