import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** What a spawned Parley printed so far. */
export interface ProcessOutput {
  stdout: string;
  stderr: string;
}

/** A Parley command line running as a real process. */
export interface ParleyProcess {
  child: ChildProcess;
  output: ProcessOutput;
  /** Resolves with the exit code (at once when it has exited). */
  exited(): Promise<number | null>;
  /** The URL of the `listening on <url>` line, waiting for it (throws with the output if the process exits). */
  listeningUrl(): Promise<string>;
  /** SIGKILL to the process group (tsx and the node process it starts); nothing if it has exited. */
  kill(): void;
}

/**
 * Runs `script` (a path from the repository root: `packages/server/src/main.ts`, or the local
 * demo's entry) with the repository's tsx, in its own process group so {@link ParleyProcess.kill}
 * reaches the node process tsx starts; tsx relays SIGTERM/SIGINT and exits with its code.
 * `PARLEY_CONFIG` and `PARLEY_PORT` of the test environment are cleared.
 *
 * @example
 * ```ts
 * const parley = spawnParley('packages/server/src/main.ts', ['--config', path, '--port', '0']);
 * const url = await parley.listeningUrl();
 * ```
 */
export function spawnParley(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): ParleyProcess {
  const child = spawn(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, script), ...args], {
    cwd: options.cwd ?? REPO,
    detached: true,
    env: { ...process.env, PARLEY_CONFIG: '', PARLEY_PORT: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: ProcessOutput = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = (): Promise<number | null> =>
    child.exitCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    exited,
    listeningUrl: () => listeningUrl(child, output),
    kill: () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group has exited already
      }
    },
  };
}

async function listeningUrl(child: ChildProcess, output: ProcessOutput): Promise<string> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const match = output.stdout.match(/^listening on (\S+)$/m);
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "listening on" line; stdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
}
