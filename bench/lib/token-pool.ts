import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CACHE_DIR, type BrandSigningKey } from './brand-keys.ts';
import type { MintJob } from './mint-worker.ts';

/** Issuer and client id of the benchmark connector. */
export const BENCH_ISSUER = 'https://login.bench-brand.example';
export const BENCH_CLIENT_ID = 'parley-bench';
/** Distinct consumers the tokens cycle through (logins mix first-time creates and returning consumers). */
export const BENCH_SUBJECTS = 5000;
/** A cached pool is reused while its tokens are younger than this (max token age is 3600 s). */
const POOL_REUSE_SECONDS = 40 * 60;

interface CachedPool {
  kid: string;
  iat: number;
  tokens: string[];
}

function mintSlice(job: MintJob): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // tsx's loader must be registered inside the worker before the .ts entry is imported
    const entry = JSON.stringify(new URL('./mint-worker.ts', import.meta.url).href);
    const worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${entry}, ${entry}))`, {
      eval: true,
      workerData: job,
    });
    worker.once('message', (tokens: string[]) => resolve(tokens));
    worker.once('error', reject);
  });
}

/**
 * `count` signed id_tokens for `key`, each with its own `jti` (the replay cache makes every
 * token single-use, so a fresh database per server start lets one pool serve every run).
 * Minted on every core before timing; cached on disk while the tokens stay fresh.
 */
export async function tokenPool(key: BrandSigningKey, count: number): Promise<string[]> {
  const file = join(CACHE_DIR, `pool-${key.kid}.json`);
  const now = Math.floor(Date.now() / 1000);
  let cached: CachedPool | undefined;
  if (existsSync(file)) {
    const pool = JSON.parse(readFileSync(file, 'utf8')) as CachedPool;
    if (pool.kid === key.kid && now - pool.iat < POOL_REUSE_SECONDS) cached = pool;
  }
  if (cached && cached.tokens.length >= count) return cached.tokens.slice(0, count);
  const iat = cached?.iat ?? now;
  const have = cached?.tokens ?? [];
  const missing = count - have.length;
  const workers = Math.max(1, availableParallelism());
  const per = Math.ceil(missing / workers);
  const slices = await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      mintSlice({
        alg: key.alg,
        kid: key.kid,
        privatePem: key.privatePem,
        issuer: BENCH_ISSUER,
        audience: BENCH_CLIENT_ID,
        start: have.length + w * per,
        count: Math.max(0, Math.min(per, missing - w * per)),
        subjects: BENCH_SUBJECTS,
        iat,
      }),
    ),
  );
  const tokens = [...have, ...slices.flat()];
  writeFileSync(file, JSON.stringify({ kid: key.kid, iat, tokens } satisfies CachedPool));
  return tokens;
}
