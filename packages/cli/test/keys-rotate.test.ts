import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock, generateSigningKey } from '@parley/core/testing';
import { openSqliteStores } from '@parley/storage';
import { resolveMasterKey } from '@parley/server/keys';
import { buildTestApp } from '@parley/server/testing';
import { parley } from './run-parley.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-keys-rotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AGENT = { email: 'ana@acme.example', password: 'agent-password-123' };
const dbPath = join(dir, 'parley.db');
const env = { PARLEY_MASTER_KEY: randomBytes(32).toString('base64url') };
const connector = {
  id: 'main',
  issuer: 'https://login.acme.example',
  clientId: 'parley',
  jwksUri: 'https://login.acme.example/jwks',
};
const configFile = join(dir, 'parley.config.json');
writeFileSync(
  configFile,
  JSON.stringify({
    storage: { driver: 'sqlite', path: dbPath },
    adminApiKey: 'a-long-enough-admin-key-0123456789',
    accounts: [
      { id: 'acme', connectors: [connector] },
      { id: 'globex', connectors: [connector] },
    ],
  }),
);

const kidOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;

describe('parley keys rotate', () => {
  it('makes a new current key; tokens of the old key still verify after a restart', async () => {
    const { cipher } = resolveMasterKey({ storage: { driver: 'sqlite', path: dbPath }, env });
    const clock = createFakeClock();
    const brandKey = await generateSigningKey('ES256');
    const start = async () => {
      const stores = openSqliteStores({ path: dbPath, keyCipher: cipher! });
      const t = await buildTestApp({
        clock,
        brandKey,
        stores: () => stores,
        config: { agents: [{ account: 'acme', name: 'Ana', ...AGENT }] },
      });
      return { t, close: async () => (await t.app.close(), await stores.close()) };
    };
    const login = async (t: Awaited<ReturnType<typeof start>>['t']) =>
      (await t.post('agents/login', AGENT)).json().sessionToken as string;
    const read = (t: Awaited<ReturnType<typeof start>>['t'], token: string) =>
      t.app.inject({
        url: '/v1/accounts/acme/agent/conversations',
        headers: { authorization: `Bearer ${token}` },
      });

    const first = await start();
    const old = await login(first.t);
    expect(kidOf(old)).toBe('acme-agent-sig-1');
    await first.close();

    const run = await parley(
      ['keys', 'rotate', '--config', configFile, '--account', 'acme', '--kind', 'agent'],
      { env },
    );
    expect(run).toMatchObject({ code: 0, stdout: 'rotated acme agent: acme-agent-sig-2\n' });

    const second = await start();
    expect((await read(second.t, old)).statusCode).toBe(200);
    const fresh = await login(second.t);
    expect(kidOf(fresh)).toBe('acme-agent-sig-2');
    expect((await read(second.t, fresh)).statusCode).toBe(200);
    await second.close();
  });

  it('rotates both kinds of every account by default', async () => {
    const run = await parley(['keys', 'rotate', '--config', configFile], { env });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'rotated acme consumer: acme-consumer-sig-2',
      'rotated acme agent: acme-agent-sig-3',
      'rotated globex consumer: globex-consumer-sig-1',
      'rotated globex agent: globex-agent-sig-1',
    ]);
  });

  it('refuses an unknown account, a bad kind, a bad master key, and prints no key material', async () => {
    const unknown = await parley(['keys', 'rotate', '--config', configFile, '--account', 'nope'], { env });
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('--account: nope is not an account');
    expect((await parley(['keys', 'rotate', '--config', configFile, '--kind', 'admin'], { env })).code).toBe(
      2,
    );
    const bad = await parley(['keys', 'rotate', '--config', configFile], {
      env: { PARLEY_MASTER_KEY: 'short' },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PARLEY_MASTER_KEY: must be 32 random bytes');
  });
});
