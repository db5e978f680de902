import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ACCOUNT, writeBenchConfig } from './lib/bench-config.ts';
import { startParley } from './lib/start-parley.ts';
import type { BenchAlg, BrandSigningKey } from './lib/brand-keys.ts';
import { encryptAll } from './lib/jwe.ts';
import type { JwksServer } from './lib/jwks-server.ts';
import { measureIdleSockets, type IdleSocketResult } from './lib/idle-sockets.ts';
import type { CodeFlowResult } from './lib/code-flow-logins.ts';
import type { FanoutResult } from './lib/message-fanout.ts';
import { CODEFLOW_SCENARIO, FANOUT_SCENARIO } from './scenarios-realtime.ts';
import { NO_LOAD, runLoad, type LoadResult } from './lib/load.ts';
import type { RawOp } from './lib/raw-crypto.ts';
import { spawnServer, treePids, type SpawnedServer } from './lib/spawn-server.ts';
import { BENCH_CLIENT_ID, BENCH_ISSUER } from './lib/token-pool.ts';

export interface ScenarioContext {
  keys: Record<BenchAlg, BrandSigningKey>;
  pools: Partial<Record<BenchAlg, string[]>>;
  jwks: JwksServer;
  durations: { warmupSeconds: number; maxSeconds: number; halfSeconds: number; rawMs: number };
  /** Idle consumer sockets opened by the `sockets` scenario (10k in a full run). */
  idleSockets: number;
  /** Consumer sockets of the large fan-out run (5k; the small one has 10) and timed messages. */
  fanout: { sockets: number; messages: number };
  /** Timed code-flow logins. */
  codeLogins: number;
  profileDir: string | undefined;
}

/** What one scenario run measured. */
export interface ScenarioResult {
  max: LoadResult;
  /** Fixed-rate run at 50 % of `max.rps` (latency under normal load). */
  half?: LoadResult;
  /** Server CPU microseconds per successful login during the max run (all its processes). */
  cpuMicrosPerLogin: number;
  /** JWKS fetches during the timed phases (after warm-up). */
  jwksFetches?: number;
  processes: number;
  /** Idle authenticated consumer sockets (the `sockets` scenario). */
  idle?: IdleSocketResult;
  /** Agent → consumer latency with 10 sockets (`small`) and with `ctx.fanout.sockets` (`large`). */
  fanout?: { small: FanoutResult; large: FanoutResult };
  codeFlow?: CodeFlowResult;
}

export type ScenarioName =
  'rs256' | 'naive' | 'es256' | 'eddsa' | 'jwe' | 'cluster' | 'sockets' | 'fanout' | 'codeflow';

export interface Scenario {
  algs: BenchAlg[];
  raw: RawOp[];
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
  describe(result: ScenarioResult): string;
}

const authenticateUrl = (server: SpawnedServer) => `${server.url}/v1/accounts/${BENCH_ACCOUNT}/authenticate`;
const bodiesOf = (tokens: string[]) => tokens.map((idToken) => JSON.stringify({ idToken }));

async function startNaive(ctx: ScenarioContext) {
  const files = writeBenchConfig({ jwksUri: ctx.jwks.url, workers: 1 });
  const pems = Object.fromEntries(Object.values(ctx.keys).map((key) => [key.kid, key.publicPem]));
  const server = await spawnServer({
    script: 'bench/baselines/naive-server.ts',
    env: {
      NAIVE_DB: files.databasePath,
      NAIVE_PEMS: JSON.stringify(pems),
      NAIVE_ISSUER: BENCH_ISSUER,
      NAIVE_AUDIENCE: BENCH_CLIENT_ID,
    },
    ...(ctx.profileDir ? { cpuProfDir: join(ctx.profileDir, 'naive') } : {}),
  });
  return { server, cleanup: () => rmSync(files.dir, { recursive: true, force: true }) };
}

/**
 * Warm-up (JIT, key import, first JWKS fetch), then as many requests as the server answers
 * for `maxSeconds`, then optionally a fixed-rate run at half that rate; every body is used once.
 */
async function drive(
  ctx: ScenarioContext,
  server: SpawnedServer,
  bodies: string[],
  options: { half: boolean },
): Promise<ScenarioResult> {
  const url = authenticateUrl(server);
  const { warmupSeconds, maxSeconds, halfSeconds } = ctx.durations;
  let offset = 0;
  const take = () => bodies.slice(offset);
  const warm = await runLoad({ url, bodies: take(), seconds: warmupSeconds, connections: 16 });
  offset += warm.used;
  const fetchesBefore = ctx.jwks.fetches();
  const cpuBefore = server.cpuSeconds();
  const max = await runLoad({ url, bodies: take(), seconds: maxSeconds });
  const cpuMicrosPerLogin = ((server.cpuSeconds() - cpuBefore) / Math.max(1, max.ok)) * 1e6;
  offset += max.used;
  const processes = treePids(server.pid).length;
  let half: LoadResult | undefined;
  if (options.half) {
    half = await runLoad({ url, bodies: take(), seconds: halfSeconds, rate: Math.max(1, max.rps / 2) });
  }
  return {
    max,
    ...(half ? { half } : {}),
    cpuMicrosPerLogin,
    jwksFetches: ctx.jwks.fetches() - fetchesBefore,
    processes,
  };
}

function describe(result: ScenarioResult): string {
  if (result.idle) {
    const { sockets, rssBeforeBytes, rssAfterBytes, perSocketKB } = result.idle;
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    return `${sockets} idle sockets: RSS ${mb(rssBeforeBytes)} → ${mb(rssAfterBytes)}, ${perSocketKB.toFixed(1)} KB/socket`;
  }
  const fail = result.max.failed + (result.half?.failed ?? 0);
  const parts = [
    `${result.max.rps.toFixed(0)} req/s`,
    `${result.cpuMicrosPerLogin.toFixed(0)} µs CPU/login`,
    ...(result.half
      ? [`at 50%: p50 ${result.half.p50Ms.toFixed(2)} ms, p99 ${result.half.p99Ms.toFixed(2)} ms`]
      : []),
    ...(result.jwksFetches !== undefined ? [`${result.jwksFetches} JWKS fetches`] : []),
    `${result.processes} process(es)`,
    ...(fail > 0 ? [`FAILED RESPONSES ${JSON.stringify({ ...result.max.failures })}`] : []),
  ];
  return parts.join(', ');
}

function parleyScenario(alg: BenchAlg, raw: RawOp, options: { workers: number; half: boolean }): Scenario {
  return {
    algs: [alg],
    raw: [raw],
    describe,
    async run(ctx) {
      const { server, cleanup } = await startParley(ctx, options.workers);
      try {
        return await drive(ctx, server, bodiesOf(ctx.pools[alg]!), { half: options.half });
      } finally {
        await server.stop();
        cleanup();
      }
    },
  };
}

/** Each scenario starts its own server on a fresh database (an empty replay cache). */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  rs256: parleyScenario('RS256', 'RS256', { workers: 1, half: true }),
  naive: {
    algs: ['RS256'],
    raw: [],
    describe,
    async run(ctx) {
      const { server, cleanup } = await startNaive(ctx);
      try {
        return await drive(ctx, server, bodiesOf(ctx.pools.RS256!), { half: false });
      } finally {
        await server.stop();
        cleanup();
      }
    },
  },
  es256: parleyScenario('ES256', 'ES256', { workers: 1, half: false }),
  eddsa: parleyScenario('EdDSA', 'EdDSA', { workers: 1, half: false }),
  jwe: {
    algs: ['RS256'],
    raw: ['RSA-OAEP-256'],
    describe,
    async run(ctx) {
      const { server, cleanup } = await startParley(ctx, 1);
      try {
        const res = await fetch(`${server.url}/v1/accounts/${BENCH_ACCOUNT}/.well-known/jwks.json`);
        const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
        const rsa = keys.find((key) => key.alg === 'RSA-OAEP-256');
        if (!rsa) throw new Error('the account JWKS has no RSA-OAEP-256 key');
        // the account keys are new on each start, so JWEs are made now (node:crypto, ~1 s)
        const count = Math.min(
          ctx.pools.RS256!.length,
          Math.ceil((ctx.durations.warmupSeconds + ctx.durations.maxSeconds) * 2500),
        );
        return await drive(ctx, server, bodiesOf(encryptAll(ctx.pools.RS256!.slice(0, count), rsa)), {
          half: false,
        });
      } finally {
        await server.stop();
        cleanup();
      }
    },
  },
  cluster: parleyScenario('RS256', 'RS256', { workers: 2, half: false }),
  sockets: {
    algs: ['RS256'],
    raw: [],
    describe,
    async run(ctx) {
      const { server, cleanup } = await startParley(ctx, 1);
      try {
        const idle = await measureIdleSockets(server, ctx.pools.RS256!.slice(0, ctx.idleSockets));
        return { max: NO_LOAD, cpuMicrosPerLogin: NaN, processes: treePids(server.pid).length, idle };
      } finally {
        await server.stop();
        cleanup();
      }
    },
  },
  fanout: FANOUT_SCENARIO,
  codeflow: CODEFLOW_SCENARIO,
};
