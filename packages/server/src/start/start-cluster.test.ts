import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function start(config: object) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  dirs.push(dir);
  const path = join(dir, 'parley.config.json');
  writeFileSync(path, JSON.stringify({ log: { level: 'error' }, ...config }).replaceAll('$DIR', dir));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/server/src/main.ts', '--config', path, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  listening.catch(() => undefined); // awaited only by the tests that expect a listening server
  return { child, listening, exited, output: () => ({ out, err }) };
}

describe('server.workers > 1 (node:cluster)', () => {
  it('serves from several workers sharing the SQLite file, prints one line, stops on SIGTERM', async () => {
    const server = start({ server: { workers: 2 }, storage: { driver: 'sqlite', path: '$DIR/parley.db' } });
    const url = await server.listening;
    for (let i = 0; i < 4; i++) expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(server.output().out.match(/listening on/g)).toHaveLength(1);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  it('refuses memory storage, which processes cannot share', async () => {
    const server = start({ server: { workers: 2 }, storage: { driver: 'memory' } });
    expect(await server.exited).toBe(1);
    expect(server.output().err).toContain('server.workers');
  }, 60_000);
});
