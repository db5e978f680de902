import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (servers are started from it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** A server under test, running in its own process (tree). */
export interface SpawnedServer {
  url: string;
  pid: number;
  /** CPU seconds used so far by the server's process tree (cluster workers included). */
  cpuSeconds(): number;
  /** Resident set size in bytes of the process tree. */
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Script relative to the repository root, run with `node --import tsx`. */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Write a V8 CPU profile of every process of the tree into this directory. */
  cpuProfDir?: string;
  startTimeoutMs?: number;
}

/**
 * Starts a server with `node --import tsx <script>` and resolves once it prints
 * `listening on <url>` (docs/configuration.md). stderr is passed through so crashes are visible.
 *
 * @example
 * ```ts
 * const server = await spawnServer({ script: 'packages/server/src/main.ts', args: ['--config', path] });
 * await server.stop();
 * ```
 */
export function spawnServer(options: SpawnOptions): Promise<SpawnedServer> {
  const prof = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...prof, options.script, ...(options.args ?? [])],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`  [server] ${chunk.toString()}`));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.script} did not print "listening on" in time:\n${out}`));
    }, options.startTimeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${code} before listening:\n${out}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(handle(child, match[1]!));
      }
    });
  });
}

function handle(child: ChildProcess, url: string): SpawnedServer {
  const pid = child.pid!;
  return {
    url,
    pid,
    cpuSeconds: () => treePids(pid).reduce((sum, p) => sum + cpuOf(p), 0),
    rssBytes: () => treePids(pid).reduce((sum, p) => sum + rssOf(p), 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  } catch {
    return undefined;
  }
}

/** `pid` and every descendant (cluster workers). */
export function treePids(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = stat(Number(entry));
    if (fields) parent.set(Number(entry), Number(fields[1]));
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === pids[i]) pids.push(pid);
  }
  return pids;
}

function cpuOf(pid: number): number {
  const fields = stat(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS : 0; // utime + stime
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
