import { describe, expect, it } from 'vitest';
import { ConfigError } from '@parley/core';
import { loadConfig, type LoadConfigOptions } from './load-config.ts';

const files: Record<string, unknown> = {};

function fakeFile(path: string, content: unknown): string {
  files[path] = content;
  return path;
}

const readFile = (path: string): string => {
  const found = Object.entries(files).find(([name]) => path.endsWith(name));
  if (!found) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return typeof found[1] === 'string' ? found[1] : JSON.stringify(found[1]);
};

function load(options: Partial<LoadConfigOptions>) {
  return loadConfig({ env: {}, readFile, ...options });
}

function problemsOf(options: Partial<LoadConfigOptions>): readonly string[] {
  try {
    load(options);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const connector = {
  id: 'main',
  issuer: 'https://login.acme.example',
  clientId: 'parley',
  jwksUri: 'https://login.acme.example/jwks',
};

describe('loadConfig', () => {
  it('uses the local default without a config', () => {
    const { config, configPath, generatedAdminApiKey } = load({});
    expect(configPath).toBeNull();
    expect(config.storage).toEqual({ driver: 'sqlite', path: './data/parley.db' });
    expect(config.cache).toEqual({ driver: 'memory' });
    expect(config.server.port).toBe(8080);
    expect(config.accounts.map((a) => a.id)).toEqual(['demo']);
    expect(config.accounts[0]?.allowedOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080']);
    expect(generatedAdminApiKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(config.adminApiKey).toBe(generatedAdminApiKey);
    expect(load({}).generatedAdminApiKey).not.toBe(generatedAdminApiKey);
  });

  it('reads --config before PARLEY_CONFIG', () => {
    fakeFile('flag.json', { server: { port: 1111 } });
    fakeFile('env.json', { server: { port: 2222 } });
    const loaded = load({ configFlag: 'flag.json', env: { PARLEY_CONFIG: 'env.json' } });
    expect(loaded.config.server.port).toBe(1111);
    expect(loaded.configPath).toMatch(/flag\.json$/);
    expect(loaded.generatedAdminApiKey).toBeUndefined();
    expect(load({ env: { PARLEY_CONFIG: 'env.json' } }).config.server.port).toBe(2222);
  });

  it('takes the port from --port, then PARLEY_PORT, then the file', () => {
    fakeFile('port.json', { server: { port: 3333 } });
    expect(load({ configFlag: 'port.json' }).config.server.port).toBe(3333);
    expect(load({ configFlag: 'port.json', env: { PARLEY_PORT: '4444' } }).config.server.port).toBe(4444);
    expect(
      load({ configFlag: 'port.json', portFlag: '5555', env: { PARLEY_PORT: '4444' } }).config.server.port,
    ).toBe(5555);
    expect(load({ portFlag: '0' }).config.server.port).toBe(0);
    expect(load({ env: { PARLEY_PORT: '9090' } }).config.server.port).toBe(9090);
  });

  it('derives publicUrl from host and port unless configured', () => {
    fakeFile('public.json', { server: { host: '0.0.0.0', publicUrl: 'https://chat.acme.example/' } });
    expect(load({ portFlag: '9000' }).config.server.publicUrl).toBe('http://127.0.0.1:9000');
    expect(load({ configFlag: 'public.json' }).config.server.publicUrl).toBe('https://chat.acme.example');
  });

  it('refuses a bad port', () => {
    expect(problemsOf({ portFlag: 'abc' })).toEqual([
      '--port: must be an integer from 0 to 65535 (0 picks a free port)',
    ]);
    expect(problemsOf({ env: { PARLEY_PORT: '70000' } })[0]).toMatch(/^PARLEY_PORT: /);
  });

  it('names a missing file and invalid JSON', () => {
    expect(problemsOf({ configFlag: 'missing.json' })[0]).toMatch(
      /^--config: cannot read config file .*missing\.json \(ENOENT\)$/,
    );
    expect(problemsOf({ env: { PARLEY_CONFIG: 'missing.json' } })[0]).toMatch(/^PARLEY_CONFIG: /);
    fakeFile('broken.json', '{ "server": ');
    expect(problemsOf({ configFlag: 'broken.json' })[0]).toMatch(
      /^\(root\): .*broken\.json is not valid JSON/,
    );
  });

  it('interpolates ${ENV} and names the path of a missing variable', () => {
    fakeFile('env-ref.json', {
      adminApiKey: '${PARLEY_ADMIN_API_KEY}',
      accounts: [{ id: 'acme', connectors: [{ ...connector, clientSecret: '${ACME_SECRET}' }] }],
    });
    const { config } = load({
      configFlag: 'env-ref.json',
      env: { PARLEY_ADMIN_API_KEY: 'k'.repeat(20), ACME_SECRET: 'from-env' },
    });
    expect(config.adminApiKey).toBe('k'.repeat(20));
    expect(config.accounts[0]?.connectors[0]?.clientSecret).toBe('from-env');
    expect(problemsOf({ configFlag: 'env-ref.json', env: { PARLEY_ADMIN_API_KEY: 'k'.repeat(20) } })).toEqual(
      ['accounts[0].connectors[0].clientSecret: environment variable ACME_SECRET is not set'],
    );
  });

  it('refuses unknown keys, naming their path', () => {
    fakeFile('unknown.json', { server: { prot: 1 }, accounts: [{ id: 'acme', colour: 'red' }] });
    const problems = problemsOf({ configFlag: 'unknown.json' });
    expect(problems).toContain('server: unknown key(s) "prot"');
    expect(problems).toContain('accounts[0]: unknown key(s) "colour"');
  });

  it('requires an https issuer unless allowInsecureIdpUrls', () => {
    const account = { id: 'acme', connectors: [{ ...connector, issuer: 'http://login.acme.example' }] };
    fakeFile('http-issuer.json', { accounts: [account] });
    const problems = problemsOf({ configFlag: 'http-issuer.json' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^accounts\[0\]\.connectors\[0\]\.issuer: must be an https URL /);
    fakeFile('insecure.json', { security: { allowInsecureIdpUrls: true }, accounts: [account] });
    expect(load({ configFlag: 'insecure.json' }).config.accounts[0]?.connectors[0]?.issuer).toBe(
      'http://login.acme.example',
    );
  });
});
