import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killSpawnedParleys, spawnParley, type ParleyProcess } from '@parley/server/testing';

const tmp = mkdtempSync(join(tmpdir(), 'parley-npm-start-'));

/** `npm start -- <args>`: the local demo's entry (package.json "start"). */
function npmStart(args: string[], cwd: string): ParleyProcess {
  return spawnParley('examples/brand-demo/src/local-demo/main.ts', args, { cwd });
}

afterEach(killSpawnedParleys);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm start (a real process)', { timeout: 60_000 }, () => {
  it('without a config runs Parley beside the demo brand and prints what to open', async () => {
    const { child, output, ...parley } = npmStart(['--port', '0'], mkdtempSync(join(tmp, 'demo-')));
    const url = await parley.listeningUrl();
    await expect.poll(() => output.stdout, { timeout: 5000 }).toContain('Ctrl-C stops Parley');
    const brandSite = /brand site:\s+(\S+)/.exec(output.stdout)?.[1];
    expect(output.stdout).toContain('no configuration given: running the local demo');
    expect(output.stdout).toContain(`workspace:     ${url}/workspace/?account=demo`);
    expect(output.stdout).toMatch(/agent:\s+agent@demo\.example \/ \S+ \(generated for this run\)/);
    expect(output.stdout).toMatch(/supervisor:\s+supervisor@demo\.example \/ \S+ \(generated for this run\)/);
    expect(output.stdout).toContain(`health:        ${url}/healthz`);
    expect(output.stdout).toMatch(/admin API key: [A-Za-z0-9_-]{32} /);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(brandSite!)).status).toBe(200);
    child.kill('SIGINT');
    expect(await parley.exited()).toBe(0);
  });

  it('with --config runs Parley alone, without the demo brand', async () => {
    const config = join(tmp, 'parley.config.json');
    writeFileSync(config, JSON.stringify({ storage: { driver: 'memory' }, accounts: [{ id: 'acme' }] }));
    const { child, output, ...parley } = npmStart(['--config', config, '--port', '0'], tmp);
    const url = await parley.listeningUrl();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(output.stdout).toBe(`listening on ${url}\n`);
    child.kill('SIGTERM');
    expect(await parley.exited()).toBe(0);
  });
});
