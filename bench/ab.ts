/**
 * `npx tsx bench/ab.ts --b /path/to/other/checkout [--a .] [--rounds 3] [--requests 6000] [--jwe] [--workers 1]
 *   [--a-env NAME=value] [--b-env NAME=value]` (`--b .` with env options compares settings of one checkout)
 *
 * A/B comparison of the implicit /authenticate path of two checkouts (each with its own
 * node_modules), for a machine that is not quiet: the two servers run ALTERNATELY, round after
 * round, on the same token pool, each on a fresh SQLite file, and every round reports server CPU
 * per login (from /proc, all processes of the server) beside req/s. CPU per login is the steadier
 * figure when other work shares the cores; compare medians, not single rounds.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ACCOUNT, writeBenchConfig } from './lib/bench-config.ts';
import { loadBrandKeys } from './lib/brand-keys.ts';
import { encryptAll } from './lib/jwe.ts';
import { startJwksServer } from './lib/jwks-server.ts';
import { runLoad } from './lib/load.ts';
import { spawnServer } from './lib/spawn-server.ts';
import { median } from './lib/stats.ts';
import { tokenPool } from './lib/token-pool.ts';

const { values } = parseArgs({
  options: {
    a: { type: 'string', default: '.' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    requests: { type: 'string', default: '6000' },
    jwe: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
    'a-env': { type: 'string', multiple: true, default: [] },
    'b-env': { type: 'string', multiple: true, default: [] },
  },
});
const roots = { A: resolve(values.a!), ...(values.b ? { B: resolve(values.b) } : {}) };
const rounds = Number(values.rounds);
const requests = Number(values.requests);
const workers = Number(values.workers);
const warmup = 1500;

interface Sample {
  rps: number;
  cpuMicrosPerLogin: number;
}

const envOf = (pairs: string[]): Record<string, string> =>
  Object.fromEntries(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
const envs: Record<string, Record<string, string>> = {
  A: envOf(values['a-env']!),
  B: envOf(values['b-env']!),
};

async function measure(
  root: string,
  env: Record<string, string>,
  jwksUrl: string,
  tokens: string[],
): Promise<Sample> {
  const files = writeBenchConfig({ jwksUri: jwksUrl, workers });
  const server = await spawnServer({
    script: `${root}/packages/server/src/main.ts`,
    args: ['--config', files.configPath],
    env,
  });
  try {
    const url = `${server.url}/v1/accounts/${BENCH_ACCOUNT}/authenticate`;
    let bodies = tokens;
    if (values.jwe) bodies = encryptAll(tokens, await accountEncryptionKey(server.url));
    const json = bodies.map((idToken) => JSON.stringify({ idToken }));
    await runLoad({ url, bodies: json.slice(0, warmup), seconds: 30, connections: 16 });
    const cpuBefore = server.cpuSeconds();
    const max = await runLoad({ url, bodies: json.slice(warmup), seconds: 60 });
    if (max.failed > 0) throw new Error(`failed responses: ${JSON.stringify(max.failures)}`);
    return { rps: max.rps, cpuMicrosPerLogin: ((server.cpuSeconds() - cpuBefore) / max.ok) * 1e6 };
  } finally {
    await server.stop();
    rmSync(files.dir, { recursive: true, force: true });
  }
}

async function accountEncryptionKey(base: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/v1/accounts/${BENCH_ACCOUNT}/.well-known/jwks.json`);
  const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
  const rsa = keys.find((key) => key.alg === 'RSA-OAEP-256');
  if (!rsa) throw new Error('the account JWKS has no RSA-OAEP-256 key');
  return rsa;
}

async function main(): Promise<void> {
  const keys = loadBrandKeys();
  const pool = await tokenPool(keys.RS256, warmup + requests);
  const jwks = await startJwksServer([keys.RS256.publicJwk]);
  const samples: Record<string, Sample[]> = { A: [], B: [] };
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [name, root] of Object.entries(roots)) {
        const sample = await measure(root, envs[name]!, jwks.url, pool);
        samples[name]!.push(sample);
        console.log(
          `round ${round} ${name}: ${sample.rps.toFixed(0)} req/s, ${sample.cpuMicrosPerLogin.toFixed(0)} µs CPU/login`,
        );
      }
    }
  } finally {
    await jwks.close();
  }
  for (const [name, root] of Object.entries(roots)) {
    const list = samples[name]!;
    console.log(
      `${name} (${root}): median ${median(list.map((s) => s.rps)).toFixed(0)} req/s, ` +
        `${median(list.map((s) => s.cpuMicrosPerLogin)).toFixed(0)} µs CPU/login`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
