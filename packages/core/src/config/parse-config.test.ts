import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.ts';
import { ConfigError } from './config-error.ts';

const connector = {
  id: 'main',
  issuer: 'https://login.acme.example',
  clientId: 'parley',
  jwksUri: 'https://login.acme.example/jwks',
};
const withConnector = (over: Record<string, unknown>, root: Record<string, unknown> = {}) => ({
  ...root,
  accounts: [{ id: 'acme', connectors: [{ ...connector, ...over }] }],
});

function problemsOf(raw: unknown, env: Record<string, string> = {}): readonly string[] {
  try {
    parseConfig(raw, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills the documented defaults for an empty config', () => {
    const config = parseConfig({});
    expect(config.server).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      trustProxy: false,
    });
    expect(config.storage).toEqual({ driver: 'sqlite', path: './data/parley.db' });
    expect(config.cache).toEqual({ driver: 'memory' });
    expect(config.security).toEqual({
      allowInsecureIdpUrls: false,
      rateLimits: {
        perIpPerMinute: 300,
        perAccountPerMinute: 6000,
        adminPerIpPerMinute: 60,
        agentLoginPerEmailPerMinute: 10,
        socketUpgradesPerIpPerMinute: 120,
        unauthenticatedSocketsPerIp: 20,
      },
    });
  });

  it('fills connector defaults: replay protection on, asymmetric algorithms only, 30 s tolerance', () => {
    const c = parseConfig(withConnector({})).accounts[0]?.connectors[0];
    expect(c).toMatchObject({
      replayProtection: true,
      clockToleranceSeconds: 30,
      maxTokenAgeSeconds: 3600,
      maxTokenLifetimeSeconds: 86400,
      jwksRefreshCooldownSeconds: 30,
      idpTimeoutMs: 10000,
      encryption: 'optional',
      subjectClaim: 'sub',
    });
    expect(c?.allowedAlgorithms.some((a) => a.startsWith('HS'))).toBe(false);
  });

  it('rejects unknown keys, naming their path', () => {
    expect(problemsOf(withConnector({ issuerr: 'x' }))).toEqual([
      'accounts[0].connectors[0]: unknown key(s) "issuerr"',
    ]);
  });

  it('names the JSON path of an invalid value', () => {
    expect(problemsOf({ server: { port: 'eighty' } })[0]).toMatch(/^server\.port: /);
  });

  it('requires https issuers unless security.allowInsecureIdpUrls', () => {
    expect(problemsOf(withConnector({ issuer: 'http://login.acme.example' }))).toContain(
      'accounts[0].connectors[0].issuer: must be an https URL (or set security.allowInsecureIdpUrls)',
    );
    expect(() =>
      parseConfig(
        withConnector({ issuer: 'http://127.0.0.1:9000' }, { security: { allowInsecureIdpUrls: true } }),
      ),
    ).not.toThrow();
  });

  it('refuses IdP URLs on loopback or private addresses', () => {
    const problems = problemsOf(withConnector({ jwksUri: 'https://10.0.0.5/jwks' }));
    expect(problems[0]).toMatch(
      /^accounts\[0\]\.connectors\[0\]\.jwksUri: must not point to a loopback or private/,
    );
  });

  it('refuses HS algorithms without a shared secret', () => {
    expect(problemsOf(withConnector({ allowedAlgorithms: ['HS256'] }))).toContain(
      'accounts[0].connectors[0].allowedAlgorithms: HS256/384/512 need "sharedSecret"',
    );
  });

  it('requires a key source for every connector', () => {
    const { jwksUri: _jwks, ...keyless } = connector;
    expect(problemsOf({ accounts: [{ id: 'acme', connectors: [keyless] }] })[0]).toMatch(/publicKeys/);
  });

  it('interpolates ${ENV} references and names the path of a missing variable', () => {
    const config = parseConfig({ adminApiKey: '${KEY}' }, { KEY: 'k'.repeat(32) });
    expect(config.adminApiKey).toBe('k'.repeat(32));
    expect(problemsOf({ adminApiKey: '${NOPE}' })).toEqual([
      'adminApiKey: environment variable NOPE is not set',
    ]);
  });

  it('refuses duplicate account and connector ids', () => {
    const problems = problemsOf({
      accounts: [
        { id: 'a', connectors: [connector, connector] },
        { id: 'a', connectors: [] },
      ],
    });
    expect(problems).toContain('accounts[0].connectors[1].id: duplicate connector id "main"');
    expect(problems).toContain('accounts[1].id: duplicate account id "a"');
  });

  it('requires a client secret for code flows with client_secret_basic', () => {
    expect(
      problemsOf(withConnector({ flows: ['code'], tokenEndpoint: 'https://login.acme.example/token' })),
    ).toContain(
      'accounts[0].connectors[0].clientSecret: required by tokenEndpointAuthMethod "client_secret_basic"',
    );
  });

  it('refuses agents of unknown accounts and agents without exactly one password form', () => {
    const problems = problemsOf({ agents: [{ account: 'ghost', email: 'a@b.io', name: 'A' }] });
    expect(problems).toContain('agents[0].account: unknown account "ghost"');
    expect(problems).toContain('agents[0]: exactly one of "password" or "passwordHash" is required');
  });
});
