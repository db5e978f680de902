import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '@parley/server/testing';
import { parley } from './run-parley.ts';

const tempFile = (name: string, content: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-cli-')), name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

describe('parley agent hash-password', () => {
  it('prints a hash from stdin that logs the agent in as passwordHash, and nothing else does', async () => {
    const run = await parley(['agent', 'hash-password'], { stdin: 'tr0ub4dor & 3\n' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const hash = run.stdout.trim();
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);

    const t = await buildTestApp({
      config: { agents: [{ account: 'acme', email: 'ana@acme.example', name: 'Ana', passwordHash: hash }] },
    });
    try {
      const login = (password: string) =>
        t.post('agents/login', { email: 'ana@acme.example', password }, { account: 'acme' });
      expect((await login('tr0ub4dor & 3')).statusCode).toBe(200);
      // the trailing newline of `echo` is not part of the password
      expect((await login('tr0ub4dor & 3\n')).json()).toMatchObject({ code: 'AGENT_CREDENTIALS_INVALID' });
    } finally {
      await t.app.close();
    }
  });

  it('refuses a password on the command line, and an empty one', async () => {
    const argv = await parley(['agent', 'hash-password', 'in-shell-history']);
    expect(argv.code).toBe(2);
    expect(argv.stdout).toBe('');
    expect(argv.stderr).not.toContain('in-shell-history');
    expect((await parley(['agent', 'hash-password'], { stdin: '\n' })).code).toBe(1);
  });
});

describe('parley config check', () => {
  const valid = {
    storage: { driver: 'memory' },
    adminApiKey: '${CLI_TEST_ADMIN_KEY}',
    accounts: [
      {
        id: 'acme',
        connectors: [
          {
            id: 'main',
            issuer: 'https://login.acme.example',
            clientId: 'parley',
            jwksUri: 'https://login.acme.example/jwks',
          },
        ],
      },
    ],
  };

  it('prints ok for a valid file, with --config and with PARLEY_CONFIG', async () => {
    const path = tempFile('ok.json', valid);
    const env = { CLI_TEST_ADMIN_KEY: 'a-long-enough-admin-key-0123456789' };
    expect(await parley(['config', 'check', '--config', path], { env })).toMatchObject({
      code: 0,
      stdout: 'ok\n',
    });
    expect(await parley(['config', 'check'], { env: { ...env, PARLEY_CONFIG: path } })).toMatchObject({
      code: 0,
      stdout: 'ok\n',
    });
  });

  it('prints path: reason for each problem and exits 1, without echoing secrets', async () => {
    const broken = structuredClone(valid) as Record<string, unknown> & typeof valid;
    broken.accounts[0]!.connectors[0]!.issuer = 'http://login.acme.example';
    Object.assign(broken.accounts[0]!.connectors[0]!, {
      clientSecret: 'do-not-print-me',
      flows: ['telepathy'],
    });
    const run = await parley(['config', 'check', '--config', tempFile('bad.json', broken)], {
      env: { CLI_TEST_ADMIN_KEY: 'a-long-enough-admin-key-0123456789' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^accounts\[0\]\.connectors\[0\]\.flows/m);
    expect(run.stderr).not.toContain('do-not-print-me');
  });

  it('names an unreadable file, and answers a usage error with exit 2', async () => {
    const missing = await parley(['config', 'check', '--config', '/nonexistent/parley.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read config file');
    expect((await parley(['config', 'check', '--konfig', 'x'])).code).toBe(2);
    expect((await parley(['frobnicate'])).code).toBe(2);
  });
});
