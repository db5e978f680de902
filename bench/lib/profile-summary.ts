import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One row of a profile summary: self and inclusive share of the sampled time. */
export interface ProfileRow {
  name: string;
  selfPct: number;
  totalPct: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/packages\//, '');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

/**
 * Summarizes a V8 `.cpuprofile` (from `--cpu-prof`): the functions with the most self time and
 * the most inclusive time, as percentages of all samples.
 */
export function summarizeProfile(
  path: string,
  top = 20,
  window: { fromMs?: number; toMs?: number } = {},
): { self: ProfileRow[]; total: ProfileRow[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const from = profile.startTime + (window.fromMs ?? 0) * 1000;
  const to = window.toMs === undefined ? Infinity : profile.startTime + window.toMs * 1000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from || at > to) return;
    all += dt;
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(byId.get(cur)!);
      if (!seen.has(name)) total.set(name, (total.get(name) ?? 0) + dt);
      seen.add(name);
    }
  });
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name]) => ({
        name,
        selfPct: ((self.get(name) ?? 0) / all) * 100,
        totalPct: ((total.get(name) ?? 0) / all) * 100,
      }));
  return { self: rows(self), total: rows(total) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    const window = {
      ...(process.env.FROM_MS ? { fromMs: Number(process.env.FROM_MS) } : {}),
      ...(process.env.TO_MS ? { toMs: Number(process.env.TO_MS) } : {}),
    };
    const { self, total } = summarizeProfile(file, Number(process.env.TOP ?? 25), window);
    console.log(`\n${file}\n  self%  total%  function`);
    for (const row of self)
      console.log(
        `  ${row.selfPct.toFixed(1).padStart(5)}  ${row.totalPct.toFixed(1).padStart(6)}  ${row.name}`,
      );
    console.log('  -- by inclusive time --');
    for (const row of total)
      console.log(
        `  ${row.selfPct.toFixed(1).padStart(5)}  ${row.totalPct.toFixed(1).padStart(6)}  ${row.name}`,
      );
  }
}
