import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killSpawnedParleys, spawnParley, type ParleyProcess } from '../src/testing/parley-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parley-start-'));

/** Parley alone, as `packages/server/src/main.ts` (what `npm start` runs with a config). */
function start(args: string[], env: Record<string, string> = {}, cwd?: string): ParleyProcess {
  return spawnParley('packages/server/src/main.ts', args, { env, ...(cwd ? { cwd } : {}) });
}

function writeConfig(name: string, config: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

afterEach(killSpawnedParleys);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Parley alone, packages/server/src/main.ts (a real process)', { timeout: 60_000 }, () => {
  it('serves /healthz on the port --port 0 picked, and stops on SIGTERM', async () => {
    const config = writeConfig('ok.json', {
      storage: { driver: 'sqlite', path: join(tmp, 'data', 'parley.db') },
      cache: { driver: 'memory' },
      log: { level: 'warn' },
      accounts: [{ id: 'acme' }],
    });
    const { child, output, ...parley } = start(['--config', config, '--port', '0']);
    const url = await parley.listeningUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(output.stdout.match(/listening on/g)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await parley.exited()).toBe(0);
  });

  it('runs the local default without a config and prints its URLs and admin key', async () => {
    const cwd = mkdtempSync(join(tmp, 'demo-'));
    const { child, output, ...parley } = start(['--port', '0'], {}, cwd);
    const url = await parley.listeningUrl();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output.stdout).toContain(`${url}/healthz`);
    expect(output.stdout).toContain(`${url}/v1/accounts/demo/.well-known/jwks.json`);
    const key = output.stdout.match(/admin API key: ([A-Za-z0-9_-]{32})/)?.[1];
    expect(key).toBeDefined();
    expect(existsSync(join(cwd, 'data', 'parley.db'))).toBe(true);
    const jwks = await fetch(`${url}/v1/accounts/demo/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    child.kill('SIGINT');
    expect(await parley.exited()).toBe(0);
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
    const { output, exited } = start([], { PARLEY_CONFIG: config });
    expect(await exited()).toBe(1);
    expect(output.stderr).toContain('accounts[0].connectors[0].issuer: must be an https URL');
    expect(output.stderr).not.toMatch(/\n\s+at /);
    expect(output.stdout).not.toContain('listening on');
  });

  it('exits 1 on an unknown flag', async () => {
    const { output, exited } = start(['--prot', '1']);
    expect(await exited()).toBe(1);
    expect(output.stderr).toContain('--prot');
  });
});
