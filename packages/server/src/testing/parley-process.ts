import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** tsx's loader, what `tsx <script>` registers in the node process it starts. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const running = new Set<ParleyProcess>();

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

/** Kills every process {@link spawnParley} started and has not killed yet (a test's `afterEach`). */
export function killSpawnedParleys(): void {
  for (const parley of [...running]) parley.kill();
}

/**
 * Runs `script` (a path from the repository root: `packages/server/src/main.ts`, or the local
 * demo's entry) in node with tsx's loader, as `tsx <script>` does, but without the tsx process in
 * between: tsx relays SIGINT/SIGTERM to its child and, when the child does not confirm within
 * 30 ms (a loaded machine), kills it and exits 130. In its own process group so
 * {@link ParleyProcess.kill} reaches anything it starts. `PARLEY_CONFIG` and `PARLEY_PORT` of
 * the test environment are cleared.
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
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(REPO, script), ...args], {
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
  const parley: ParleyProcess = {
    child,
    output,
    exited,
    listeningUrl: () => listeningUrl(child, output),
    kill: () => {
      running.delete(parley);
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group has exited already
      }
    },
  };
  running.add(parley);
  return parley;
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
