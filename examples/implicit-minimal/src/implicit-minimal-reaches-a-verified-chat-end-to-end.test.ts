// The example's README, run: brand backend + a real Parley with the example's config, the id_token
// checked by `parley token inspect --config`, then the consumer/agent chat, plain and encrypted.
import { loadConfig, startServer, type RunningServer } from '@parley/server';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrandBackend, type BrandBackend } from './brand-backend.ts';
import { runChat } from './chat.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const AGENT = { email: 'ada@acme.example', password: 'correct horse battery' };
let dir: string;
let configFile: string;
let brand: BrandBackend;
let parley: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-implicit-minimal-'));
  brand = await startBrandBackend({ port: 0, parleyUrl: 'http://unused', account: 'acme' });
  // the example's config, with free ports and a throwaway database instead of the fixed ones
  const raw = readFileSync(here('../parley.config.json'), 'utf8').replaceAll(
    'http://127.0.0.1:4001',
    brand.url,
  );
  const json = JSON.parse(raw) as Record<string, unknown>;
  configFile = join(dir, 'parley.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ ...json, server: { port: 0 }, storage: { driver: 'sqlite', path: join(dir, 'p.db') } }),
  );
  const { config } = loadConfig({ configFlag: configFile, env: {} });
  parley = await startServer({ config, logger: pino({ level: 'silent' }), env: {} });
  await brand.close();
  brand = await startBrandBackend({
    port: Number(new URL(brand.url).port),
    parleyUrl: parley.url,
    account: 'acme',
  });
});

afterAll(async () => {
  await parley?.close();
  await brand?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `curl -X POST $BRAND/id-token | parley token inspect --config parley.config.json`, as the README does. */
function inspect(token: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const bin = here('../../../packages/cli/bin/parley.js');
    const child = spawn(process.execPath, [bin, 'token', 'inspect', '--config', configFile], { env: {} });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(token);
  });
}

async function idTokenFromBrand(query = ''): Promise<string> {
  const res = await fetch(`${brand.url}/id-token${query}`, { method: 'POST' });
  return ((await res.json()) as { idToken: string }).idToken;
}

describe('examples/implicit-minimal, end to end against a real Parley', () => {
  it('the brand id_token passes parley token inspect --config', async () => {
    const run = await inspect(await idTokenFromBrand());
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok: verified \(connector main, JWS/);
  });

  it('consumer signs in with the id_token, the agent sees the verified masked profile, replies, and the consumer resumes', async () => {
    const result = await runChat({
      parleyUrl: parley.url,
      account: 'acme',
      idToken: await idTokenFromBrand(),
      agent: AGENT,
    });
    expect(result.profile).toMatchObject({
      authenticated: true,
      issuer: brand.url,
      verified: {
        standard: { name: 'Grace Hopper', email: 'grace@example.com', email_verified: true },
        customerInfo: { customerId: 'cust-1001', ctype: 'gold', balance: -12.5, currency: 'USD' },
        personalInfo: {
          firstname: 'Grace',
          contacts: [{ email: 'grace@example.com', phone: '+1 555 0100' }],
        },
        custom: [{ claim: 'account_number', label: 'Account number', masked: true }],
      },
    });
    const [custom] = (result.profile.verified as { custom: { value: string }[] }).custom;
    expect(custom!.value).toMatch(/9876$/);
    expect(custom!.value).not.toContain('40001234');
    expect(result.consumerTranscript).toEqual([
      'Hi, my card was declined',
      'Let me check that',
      'Fixed, try again',
      'It works, thanks!',
    ]);
    // docs/agent-data.md shows this profile: print it when regenerating the example
    if (process.env.PRINT_PROFILE) console.log(JSON.stringify(result.profile, null, 2));
  });

  it('the encrypted variant (JWE to the account key, nested signed JWT) works the same way', async () => {
    const jwe = await idTokenFromBrand('?encrypt=1');
    expect(jwe.split('.')).toHaveLength(5);
    expect((await inspect(jwe)).stdout).toMatch(/^ok: verified \(connector main, JWE/);
    const result = await runChat({ parleyUrl: parley.url, account: 'acme', idToken: jwe, agent: AGENT });
    expect(result.profile).toMatchObject({
      authenticated: true,
      verified: { customerInfo: { customerId: 'cust-1001' } },
    });
  });
});
