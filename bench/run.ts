/**
 * `npm run bench [-- --quick] [-- --runs 3] [-- --only rs256,naive,...] [-- --cpu-prof]`
 *
 * Parley's benchmarks: every figure beside its baseline measured in the same run, medians of
 * `--runs` runs (default 3), the machine and the load average printed, noisy figures marked.
 * Servers under test run in their own processes; load comes from autocannon in this process;
 * tokens are pre-minted (distinct `jti`s) before any timing. Writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBrandKeys, type BenchAlg } from './lib/brand-keys.ts';
import { machineInfo } from './lib/machine.ts';
import { measureRaw, type RawOp } from './lib/raw-crypto.ts';
import { median, spread } from './lib/stats.ts';
import { tokenPool } from './lib/token-pool.ts';
import { startJwksServer } from './lib/jwks-server.ts';
import { REPO_ROOT } from './lib/spawn-server.ts';
import { SCENARIOS, type ScenarioContext, type ScenarioName, type ScenarioResult } from './scenarios.ts';
import { buildFigures, printTable } from './report.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const quick = values.quick!;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const only = values.only ? new Set(values.only.split(',')) : undefined;
const selected = (Object.keys(SCENARIOS) as ScenarioName[]).filter((name) => !only || only.has(name));
const durations = quick
  ? { warmupSeconds: 0.5, maxSeconds: 1.5, halfSeconds: 1, rawMs: 300 }
  : { warmupSeconds: 2, maxSeconds: 6, halfSeconds: 6, rawMs: 2000 };
const poolSize = quick ? 2500 : 45_000;
const resultsDir = join(REPO_ROOT, 'bench', 'results');
const profileDir = values['cpu-prof'] ? join(resultsDir, 'profiles') : undefined;

async function main(): Promise<void> {
  const machine = machineInfo();
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.start.toFixed(2)}`,
  );
  console.log(
    `runs: ${runs}${quick ? ' (quick smoke: figures are not meaningful)' : ''}; scenarios: ${selected.join(', ')}`,
  );
  const keys = loadBrandKeys();
  const algs = new Set<BenchAlg>(selected.flatMap((name) => SCENARIOS[name].algs));
  const started = Date.now();
  const pools: Partial<Record<BenchAlg, string[]>> = {};
  for (const alg of algs) pools[alg] = await tokenPool(keys[alg], poolSize);
  console.log(`token pools ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${poolSize} per alg)`);
  const jwks = await startJwksServer([keys.RS256.publicJwk, keys.ES256.publicJwk, keys.EdDSA.publicJwk]);
  const ctx: ScenarioContext = {
    keys,
    pools,
    jwks,
    durations,
    profileDir,
    idleSockets: quick ? 200 : 10_000,
    fanout: quick ? { sockets: 200, messages: 400 } : { sockets: 5000, messages: 2000 },
    codeLogins: quick ? 60 : 400,
  };
  const rawOps = new Set<RawOp>(selected.flatMap((name) => SCENARIOS[name].raw));
  const perRun: {
    raw: Partial<Record<RawOp, number>>;
    scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
  }[] = [];
  const loads: number[] = [machine.loadAverage.start];
  try {
    for (let run = 1; run <= runs; run++) {
      const raw: Partial<Record<RawOp, number>> = {};
      for (const op of rawOps) raw[op] = measureRaw(op, durations.rawMs);
      const scenarios: Partial<Record<ScenarioName, ScenarioResult>> = {};
      for (const name of selected) {
        scenarios[name] = await SCENARIOS[name].run(ctx);
        loads.push(loadavg()[0]!);
        console.log(`  run ${run}/${runs} ${name}: ${SCENARIOS[name].describe(scenarios[name]!)}`);
      }
      console.log(
        `  run ${run}/${runs} raw: ${JSON.stringify(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Math.round(v)])))}`,
      );
      perRun.push({ raw, scenarios });
    }
  } finally {
    await jwks.close();
  }
  machine.loadAverage.end = loadavg()[0]!;
  const figures = buildFigures(perRun, { median, spread, loadMax: Math.max(...loads), cores: machine.cores });
  printTable(machine, figures, runs);
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, quick ? 'quick.json' : 'latest.json');
  writeFileSync(
    out,
    JSON.stringify(
      { date: new Date().toISOString(), quick, runs, machine, durations, poolSize, figures, perRun },
      null,
      2,
    ),
  );
  console.log(`\nwrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
