import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'parley-start-'));
const children: ChildProcess[] = [];

interface Output {
  stdout: string;
  stderr: string;
}

function start(
  args: string[],
  env: Record<string, string> = {},
  cwd = repo,
): { child: ChildProcess; output: Output } {
  // the local tsx binary (what `npx tsx` runs), in its own process group so cleanup reaches
  // the node process tsx starts; tsx relays SIGTERM to it and exits with its code
  const child = spawn(
    join(repo, 'node_modules/.bin/tsx'),
    [join(repo, 'packages/server/src/main.ts'), ...args],
    {
      cwd,
      detached: true,
      env: { ...process.env, PARLEY_CONFIG: '', PARLEY_PORT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const output: Output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return { child, output };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function listeningUrl(child: ChildProcess, output: Output): Promise<string> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const match = output.stdout.match(/^listening on (\S+)$/m);
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "listening on" line; stdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
}

function writeConfig(name: string, config: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group has exited already
    }
  }
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm start (a real process)', { timeout: 60_000 }, () => {
  it('serves /healthz on the port --port 0 picked, and stops on SIGTERM', async () => {
    const config = writeConfig('ok.json', {
      storage: { driver: 'sqlite', path: join(tmp, 'data', 'parley.db') },
      cache: { driver: 'memory' },
      log: { level: 'warn' },
      accounts: [{ id: 'acme' }],
    });
    const { child, output } = start(['--config', config, '--port', '0']);
    const url = await listeningUrl(child, output);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(output.stdout.match(/listening on/g)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('runs the local demo without a config and prints its URLs and admin key', async () => {
    const cwd = mkdtempSync(join(tmp, 'demo-'));
    const { child, output } = start(['--port', '0'], {}, cwd);
    const url = await listeningUrl(child, output);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output.stdout).toContain(`${url}/healthz`);
    expect(output.stdout).toContain(`${url}/v1/accounts/demo/.well-known/jwks.json`);
    const key = output.stdout.match(/admin API key: ([A-Za-z0-9_-]{32})/)?.[1];
    expect(key).toBeDefined();
    expect(existsSync(join(cwd, 'data', 'parley.db'))).toBe(true);
    const jwks = await fetch(`${url}/v1/accounts/demo/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });

  it('exits 1 on an invalid configuration, naming the path on stderr', async () => {
    const config = writeConfig('bad.json', {
      storage: { driver: 'memory' },
      accounts: [
        {
          id: 'acme',
          connectors: [
            {
              id: 'main',
              issuer: 'http://login.acme.example',
              clientId: 'parley',
              jwksUri: 'https://login.acme.example/jwks',
            },
          ],
        },
      ],
    });
    const { child, output } = start([], { PARLEY_CONFIG: config });
    expect(await exited(child)).toBe(1);
    expect(output.stderr).toContain('accounts[0].connectors[0].issuer: must be an https URL');
    expect(output.stderr).not.toMatch(/\n\s+at /);
    expect(output.stdout).not.toContain('listening on');
  });

  it('exits 1 on an unknown flag', async () => {
    const { child, output } = start(['--prot', '1']);
    expect(await exited(child)).toBe(1);
    expect(output.stderr).toContain('--prot');
  });
});
