import type { MachineInfo } from './lib/machine.ts';
import type { RawOp } from './lib/raw-crypto.ts';
import type { ScenarioName, ScenarioResult } from './scenarios.ts';

interface RunRecord {
  raw: Partial<Record<RawOp, number>>;
  scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
}

/** One row of the table: a figure, its same-run baseline, the ratio and the target. */
export interface Figure {
  figure: string;
  value: string;
  baseline: string;
  ratio: number | undefined;
  target: string;
  /** true / false, or undefined when not measured (pending). */
  holds: boolean | undefined;
  noisy: boolean;
  /** Per-run raw numbers behind the median. */
  samples: number[][];
}

interface Helpers {
  median(values: number[]): number;
  spread(values: number[]): number;
  loadMax: number;
  cores: number;
}

const NOISE = 0.15;
const fmt = (n: number, unit = '') =>
  Number.isFinite(n) ? `${n >= 100 ? n.toFixed(0) : n.toFixed(2)}${unit}` : 'n/a';

/**
 * Turns the per-run measurements into the table: medians of values and of per-run
 * ratios (each ratio uses the baseline of the same run), targets, and a noise flag (spread
 * over 15 % between runs, or a load average above the core count during the run).
 */
export function buildFigures(runs: RunRecord[], h: Helpers): Figure[] {
  const busy = h.loadMax > h.cores;
  const figures: Figure[] = [];
  const pick = (name: ScenarioName, f: (r: ScenarioResult) => number) =>
    runs.map((run) => (run.scenarios[name] ? f(run.scenarios[name]!) : NaN));
  const raw = (op: RawOp) => runs.map((run) => run.raw[op] ?? NaN);
  const add = (
    figure: string,
    values: number[],
    baseValues: number[] | undefined,
    unit: string,
    baseLabel: (b: number) => string,
    target: { op: '>=' | '<=' | '=='; value: number; text: string },
    ratioOf?: (v: number, b: number) => number,
  ) => {
    const measured = values.some((v) => Number.isFinite(v));
    const ratios = baseValues
      ? values.map((v, i) => (ratioOf ?? ((a, b) => a / b))(v, baseValues[i]!))
      : values;
    const ratio = measured ? h.median(ratios) : undefined;
    const holds =
      ratio === undefined
        ? undefined
        : target.op === '>='
          ? ratio >= target.value
          : target.op === '<='
            ? ratio <= target.value
            : ratio === target.value;
    figures.push({
      figure,
      value: measured ? fmt(h.median(values), unit) : 'pending',
      baseline: baseValues ? baseLabel(h.median(baseValues)) : '—',
      ratio: baseValues ? ratio : undefined,
      target: target.text,
      holds,
      noisy:
        measured && (busy || h.spread(values) > NOISE || (baseValues ? h.spread(baseValues) > NOISE : false)),
      samples: [values, ...(baseValues ? [baseValues] : [])],
    });
  };
  const maxRps = (name: ScenarioName) => pick(name, (r) => r.max.rps);
  const atLeastTimes = (value: number) => ({ op: '>=' as const, value, text: `≥ ${value}×` });
  const rs = maxRps('rs256');
  add(
    'implicit /authenticate RS256, 1 process',
    rs,
    raw('RS256'),
    ' req/s',
    (b) => `raw crypto.verify RS256 ${fmt(b)} ops/s (1 core)`,
    atLeastTimes(0.35),
  );
  add(
    'implicit /authenticate RS256, 1 process',
    rs,
    maxRps('naive'),
    ' req/s',
    (b) => `naive express+jsonwebtoken ${fmt(b)} req/s`,
    atLeastTimes(3),
  );
  add(
    'implicit /authenticate ES256, 1 process',
    maxRps('es256'),
    raw('ES256'),
    ' req/s',
    (b) => `raw verify ES256 ${fmt(b)} ops/s`,
    atLeastTimes(0.35),
  );
  add(
    'implicit /authenticate EdDSA, 1 process',
    maxRps('eddsa'),
    raw('EdDSA'),
    ' req/s',
    (b) => `raw verify Ed25519 ${fmt(b)} ops/s`,
    atLeastTimes(0.35),
  );
  add(
    'JWE (RSA-OAEP-256 + A256GCM, nested RS256)',
    maxRps('jwe'),
    raw('RSA-OAEP-256'),
    ' req/s',
    (b) => `raw RSA-OAEP-256 decrypt ${fmt(b)} ops/s`,
    atLeastTimes(0.7),
  );
  add(
    'all cores (server.workers 2), RS256',
    maxRps('cluster'),
    rs,
    ' req/s',
    (b) => `1 process ${fmt(b)} req/s`,
    atLeastTimes(1.7),
  );
  add(
    'p99 latency at 50 % of max req/s (RS256)',
    pick('rs256', (r) => r.half?.p99Ms ?? NaN),
    pick('rs256', (r) => r.half?.p50Ms ?? NaN),
    ' ms',
    (b) => `p50 ${fmt(b, ' ms')}`,
    { op: '<=', value: 3, text: '≤ 3×' },
  );
  const fetches = pick(
    'rs256',
    (r) => ((r.jwksFetches ?? NaN) / Math.max(1, r.max.ok + (r.half?.ok ?? 0))) * 10_000,
  );
  add('JWKS fetches per 10k tokens, steady state', fetches, undefined, '', () => '—', {
    op: '==',
    value: 0,
    text: '0',
  });
  add(
    'server CPU per RS256 login (reported)',
    pick('rs256', (r) => r.cpuMicrosPerLogin),
    undefined,
    ' µs',
    () => '—',
    { op: '>=', value: 0, text: 'reported' },
  );
  add(
    'RSS per idle authenticated consumer socket (10k)',
    pick('sockets', (r) => r.idle?.perSocketKB ?? NaN),
    undefined,
    ' KB',
    () => '—',
    { op: '<=', value: 50, text: '≤ 50 KB' },
  );
  const rssBefore = h.median(pick('sockets', (r) => (r.idle?.rssBeforeBytes ?? NaN) / 2 ** 20));
  if (Number.isFinite(rssBefore)) figures.at(-1)!.baseline = `RSS before connecting ${fmt(rssBefore, ' MB')}`;
  const large = h.median(pick('fanout', (r) => r.fanout?.large.sockets ?? NaN));
  add(
    `agent → consumer message p99, ${Number.isFinite(large) ? large : '5k'} sockets`,
    pick('fanout', (r) => r.fanout?.large.p99Ms ?? NaN),
    pick('fanout', (r) => r.fanout?.small.p99Ms ?? NaN),
    ' ms',
    (b) => `p99 with 10 sockets ${fmt(b, ' ms')}`,
    { op: '<=', value: 3, text: '≤ 3×' },
  );
  const p50s = ['large', 'small'].map((k) =>
    h.median(pick('fanout', (r) => r.fanout?.[k as 'large'].p50Ms ?? NaN)),
  );
  if (p50s.every(Number.isFinite))
    figures.at(-1)!.baseline += `; p50 ${fmt(p50s[1]!, ' ms')} → ${fmt(p50s[0]!, ' ms')}`;
  add(
    'code flow: Parley CPU per login beyond the IdP',
    pick('codeflow', (r) => r.codeFlow?.cpuMicrosPerLogin ?? NaN),
    undefined,
    ' µs',
    () => '—',
    { op: '>=', value: 0, text: 'reported' },
  );
  const wall = h.median(pick('codeflow', (r) => r.codeFlow?.p50Ms ?? NaN));
  if (Number.isFinite(wall))
    figures.at(-1)!.baseline = `login p50 ${fmt(wall, ' ms')} wall, IdP round trip included`;
  return figures;
}

/** Prints the figures as a Markdown table (pasted as is into the README). */
export function printTable(machine: MachineInfo, figures: Figure[], runs: number): void {
  const rows = figures.map((f) => [
    f.figure,
    f.value,
    f.baseline,
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
    f.target,
    f.holds === undefined ? 'pending' : f.target === 'reported' ? '—' : f.holds ? 'yes' : 'NO',
    f.noisy ? 'noisy' : '',
  ]);
  const head = ['figure', `median of ${runs}`, 'baseline (same run)', 'ratio', 'target', 'holds', ''];
  console.log(
    `\n${machine.cpuModel} · ${machine.cores} cores · Node ${machine.node} · load average ${machine.loadAverage.start.toFixed(1)} → ${(machine.loadAverage.end ?? NaN).toFixed(1)}\n`,
  );
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
