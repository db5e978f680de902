import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` (no config) as a real process, and the URLs and keys it printed. */
export interface RunningDemo {
  parleyUrl: string;
  brandSiteUrl: string;
  adminApiKey: string;
  agent: { email: string; password: string };
  supervisor: { email: string; password: string };
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** What the process printed (for failure messages). */
  output(): string;
}

/**
 * Starts Parley's local demo exactly as `npm start` does (tsx, no config, `--port 0`), in a
 * fresh working directory so its `./data` is thrown away afterwards.
 *
 * @example
 * ```ts
 * const demo = await startDemoProcess();
 * await demo.stop();
 * ```
 */
export async function startDemoProcess(): Promise<RunningDemo> {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'examples/brand-demo/src/local-demo/main.ts'), '--port', '0'],
    {
      cwd,
      env: { ...process.env, PARLEY_CONFIG: '', PARLEY_PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.finally(() => rmSync(cwd, { recursive: true, force: true }));
  const printed = await waitForBanner(child, exited, () => out);
  return {
    ...printed,
    output: () => out,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

async function waitForBanner(
  child: ChildProcess,
  exited: Promise<number | null>,
  out: () => string,
): Promise<Omit<RunningDemo, 'stop' | 'output'>> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      const text = out();
      const parleyUrl = /listening on (\S+)/.exec(text)?.[1];
      const brandSiteUrl = /brand site:\s+(\S+)/.exec(text)?.[1];
      const adminApiKey = /admin API key:\s+(\S+)/.exec(text)?.[1];
      const agent = /agent:\s+(\S+) \/ (\S+)/.exec(text);
      const supervisor = /supervisor:\s+(\S+) \/ (\S+)/.exec(text);
      if (!parleyUrl || !brandSiteUrl || !adminApiKey || !agent || !supervisor) return;
      child.stdout!.off('data', onData);
      resolve({
        parleyUrl,
        brandSiteUrl,
        adminApiKey,
        agent: { email: agent[1]!, password: agent[2]! },
        supervisor: { email: supervisor[1]!, password: supervisor[2]! },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before serving:\n${out()}`)));
  });
}
