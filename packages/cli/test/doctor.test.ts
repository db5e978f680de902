import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@parley/core';
import { startTestIdp, type TestIdp } from '@parley/core/testing';
import { createFetchIdpHttp } from '@parley/server/idp-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../src/doctor.ts';
import { parley } from './run-parley.ts';

const ADMIN_KEY = 'a-long-enough-admin-key-0123456789';
const SECRET = 'client-secret-never-printed-0123456789';

/** A config with one connector, as a file the real bin reads. */
function configFile(connector: Record<string, unknown>, allowInsecureIdpUrls = true): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-doctor-')), 'parley.json');
  writeFileSync(path, JSON.stringify(configOf(connector, allowInsecureIdpUrls)));
  return path;
}

function configOf(connector: Record<string, unknown>, allowInsecureIdpUrls: boolean) {
  return {
    storage: { driver: 'memory' },
    adminApiKey: '${DOCTOR_ADMIN_KEY}',
    security: { allowInsecureIdpUrls },
    accounts: [{ id: 'acme', connectors: [{ id: 'main', clientId: 'parley', ...connector }] }],
  };
}

const env = { DOCTOR_ADMIN_KEY: ADMIN_KEY, DOCTOR_SECRET: SECRET };

describe('parley doctor', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await startTestIdp();
  });
  afterAll(() => idp.close());

  it('reports ok for every check of a connector against a real oidc-provider, and never prints the secret', async () => {
    const path = configFile({
      issuer: idp.issuer,
      discoveryUrl: idp.discoveryUrl,
      clientSecret: '${DOCTOR_SECRET}',
      flows: ['implicit', 'code'],
      allowedAlgorithms: ['RS256', 'ES256'],
    });
    const run = await parley(['doctor', '--config', path], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^ok {3}acme\/main url policy: allowInsecureIdpUrls/),
      'ok   acme/main discovery: the document names the configured issuer',
      'ok   acme/main token endpoint: present (code/pkce flows)',
      'ok   acme/main popup: authorization endpoint present',
      'ok   acme/main keys RS256: 1 usable key',
      'ok   acme/main keys ES256: no usable key: tokens signed with it would be refused',
      'ok   acme/main key cache: running servers cache the JWKS for 600 s (jwksCacheSeconds); ' +
        'a new kid or a key replaced under its kid is refetched at most every 30 s (jwksRefreshCooldownSeconds)',
    ]);
    expect(run.stdout).not.toContain(SECRET);
  });

  it('prints a FAIL line and exits 1 when the JWKS is unreachable', async () => {
    const path = configFile({
      issuer: idp.issuer,
      jwksUri: 'http://127.0.0.1:1/jwks',
      allowedAlgorithms: ['RS256'],
    });
    const run = await parley(['doctor', '--config', path], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^FAIL acme\/main keys RS256: IDP_UNAVAILABLE: identity provider at http:\/\/127\.0\.0\.1:1 /m,
    );
  });

  it('fails a discovery document that names another issuer', async () => {
    const config = parseConfig(
      configOf({ issuer: 'https://login.acme.example', discoveryUrl: idp.discoveryUrl }, true),
      env,
    );
    const checks = await runDoctor(config, { idpHttp: createFetchIdpHttp({ allowInsecureIdpUrls: true }) });
    expect(checks.find((c) => c.check === 'discovery')).toMatchObject({ ok: false });
    expect(checks.find((c) => c.check === 'discovery')?.detail).toContain(`names issuer "${idp.issuer}"`);
  });

  it('fails an https IdP URL whose host resolves to a private address, unless allowInsecureIdpUrls', async () => {
    const connector = { issuer: 'https://login.acme.example', jwksUri: 'https://login.acme.example/jwks' };
    const lookup = () => Promise.resolve([{ address: '10.0.0.7' }]);
    const idpHttp = createFetchIdpHttp({ allowInsecureIdpUrls: false, lookup });
    const checks = await runDoctor(parseConfig(configOf(connector, false), env), { idpHttp, lookup });
    expect(checks.find((c) => c.check === 'url policy')).toMatchObject({ ok: false });
    expect(checks.find((c) => c.check === 'url policy')?.detail).toMatch(/^jwksUri: IDP_UNAVAILABLE: /);
    expect(checks.find((c) => c.check === 'keys RS256')).toMatchObject({ ok: false });
  });

  it('answers a broken config with path: reason lines and exit 1, and bad flags with exit 2', async () => {
    const broken = await parley(['doctor', '--config', configFile({ issuer: 'not a url' })], { env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^accounts\[0\]\.connectors\[0\]\.issuer/m);
    expect((await parley(['doctor', '--konfig', 'x'])).code).toBe(2);
  });
});
