import {
  TEST_CLIENT_ID,
  encryptToken,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  type TestSigningKey,
} from '@parley/core/testing';
import { ensureAccountKeys, publicEncryptionJwks, systemClock } from '@parley/core';
import { resolveMasterKey } from '@parley/server/keys';
import { openStores } from '@parley/storage';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parley } from './run-parley.ts';

const ISSUER = 'https://login.acme.example';
let dir: string;
let configFile: string;
let jwksServer: Server;
let key: TestSigningKey;
/** With a Redis cache, a recorded replay entry would outlive the CLI process: the real test of "nothing recorded". */
const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL;
let redisConfigFile: string;
let encryptionJwk: Awaited<ReturnType<typeof publicEncryptionJwks>>['keys'][number];

/** A local JWKS endpoint (http, hence `allowInsecureIdpUrls`), as a brand backend serves it. */
async function serveJwks(jwks: unknown): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-inspect-'));
  key = await generateSigningKey('RS256');
  jwksServer = await serveJwks({ keys: [key.publicJwk] });
  const { port } = jwksServer.address() as AddressInfo;
  const storage = { driver: 'sqlite' as const, path: join(dir, 'parley.db') };
  configFile = join(dir, 'parley.config.json');
  const connectorFor = (id: string) => ({
    id,
    connectors: [
      {
        id: 'main',
        issuer: ISSUER,
        clientId: TEST_CLIENT_ID,
        jwksUri: `http://127.0.0.1:${port}/jwks.json`,
        flows: ['implicit'],
      },
    ],
  });
  const config = {
    storage,
    security: { allowInsecureIdpUrls: true },
    accounts: [connectorFor('acme'), connectorFor('beta')],
  };
  writeFileSync(configFile, JSON.stringify(config));
  if (REDIS_URL !== undefined) {
    redisConfigFile = join(dir, 'parley.redis.config.json');
    writeFileSync(redisConfigFile, JSON.stringify({ ...config, cache: { driver: 'redis', url: REDIS_URL } }));
  }
  // what a first server start does: the account's encryption keys, sealed with the master key
  const { cipher } = resolveMasterKey({ storage, env: {} });
  const stores = await openStores(storage, { keyCipher: cipher! });
  const jwks = publicEncryptionJwks(await ensureAccountKeys(stores.keys, 'acme', systemClock));
  encryptionJwk = jwks.keys.find((k) => k.alg === 'RSA-OAEP-256')!;
  await stores.close();
});

afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const inspect = (token: string, extra: string[] = [], file = configFile) =>
  parley(['token', 'inspect', '--config', file, '--account', 'acme', ...extra], { stdin: `${token}\n` });

describe('parley token inspect --config (the real bin, a live JWKS)', () => {
  it('says ok: verified for a valid token, twice in a row: nothing is recorded', async () => {
    const token = await mintToken(key, idTokenClaims(now(), { iss: ISSUER }));
    for (const _ of [1, 2]) {
      const run = await inspect(token);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ok: verified \(connector main, JWS, /);
    }
  });

  it('answers a wrong audience with TOKEN_AUDIENCE_MISMATCH and exit 1', async () => {
    const token = await mintToken(key, idTokenClaims(now(), { iss: ISSUER, aud: 'someone-else' }));
    const run = await inspect(token);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^TOKEN_AUDIENCE_MISMATCH: /);
  });

  it('answers an expired token with TOKEN_EXPIRED', async () => {
    const token = await mintToken(key, idTokenClaims(now() - 7200, { iss: ISSUER }));
    const run = await inspect(token);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^TOKEN_EXPIRED: /);
  });

  it('checks the signature against the live JWKS: another key with the same kid fails', async () => {
    const impostor = await generateSigningKey('RS256', { kid: key.kid });
    const run = await inspect(await mintToken(impostor, idTokenClaims(now(), { iss: ISSUER })));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^TOKEN_SIGNATURE_INVALID: /);
  });

  it('decrypts a JWE with the account keys from the configured storage', async () => {
    const jws = await mintToken(key, idTokenClaims(now(), { iss: ISSUER }));
    const run = await inspect(await encryptToken(jws, encryptionJwk));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok: verified \(connector main, JWE, /);
    const stranger = await (await import('jose')).generateKeyPair('RSA-OAEP-256', { extractable: true });
    const foreign = await encryptToken(jws, {
      ...(await (await import('jose')).exportJWK(stranger.publicKey)),
      kid: encryptionJwk.kid,
    });
    const refused = await inspect(foreign);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^TOKEN_DECRYPTION_FAILED: /);
  });

  it('never generates keys: an account without encryption keys is reported, and still has none', async () => {
    const jws = await mintToken(key, idTokenClaims(now(), { iss: ISSUER }));
    const run = await parley(['token', 'inspect', '--config', configFile, '--account', 'beta'], {
      stdin: await encryptToken(jws, encryptionJwk),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('has no encryption keys yet');
    const storage = { driver: 'sqlite' as const, path: join(dir, 'parley.db') };
    const stores = await openStores(storage, { keyCipher: resolveMasterKey({ storage, env: {} }).cipher! });
    expect(await stores.keys.list('beta')).toEqual([]);
    await stores.close();
  });

  it.runIf(REDIS_URL !== undefined)(
    'records no replay entry in a shared Redis cache: twice ok (needs PARLEY_TEST_REDIS_URL)',
    async () => {
      const token = await mintToken(key, idTokenClaims(now(), { iss: ISSUER }));
      for (const _ of [1, 2])
        expect((await inspect(token, [], redisConfigFile)).stdout).toMatch(/^ok: verified/);
    },
  );

  it('refuses --account without --config, and an unknown account', async () => {
    expect((await parley(['token', 'inspect', '--account', 'acme'], { stdin: 'x' })).code).toBe(2);
    const run = await parley(['token', 'inspect', '--config', configFile, '--account', 'nope'], {
      stdin: 'x.y.z',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--account: nope is not an account of this config');
  });
});
