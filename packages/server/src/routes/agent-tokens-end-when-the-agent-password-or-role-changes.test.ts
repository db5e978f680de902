import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock, generateSigningKey } from '@parley/core/testing';
import { createKeyCipher, openSqliteStores } from '@parley/storage';
import { buildTestApp } from '../testing/build-test-app.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-agent-restart-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EMAIL = 'ana@acme.example';
const PASSWORD = 'first-password-123';

interface AgentEntry {
  account: string;
  email: string;
  name: string;
  role?: 'agent' | 'supervisor' | 'admin';
  password?: string;
}

/**
 * "Restarts": each call builds a new app (config re-read, agent directory rebuilt) over the same
 * SQLite file and master key, as a process restart would.
 */
async function deployment() {
  const path = join(dir, `db-${++n}.sqlite`);
  const cipher = createKeyCipher(randomBytes(32));
  const clock = createFakeClock();
  const brandKey = await generateSigningKey('ES256');
  const start = async (agent: Partial<AgentEntry>) => {
    const stores = openSqliteStores({ path, clock, keyCipher: cipher });
    const t = await buildTestApp({
      clock,
      brandKey,
      stores: () => stores,
      config: { agents: [{ account: 'acme', email: EMAIL, name: 'Ana', password: PASSWORD, ...agent }] },
    });
    return {
      ...t,
      async close() {
        await t.app.close();
        await stores.close();
      },
    };
  };
  return { start };
}

async function login(
  t: Awaited<ReturnType<Awaited<ReturnType<typeof deployment>>['start']>>,
  password = PASSWORD,
) {
  const res = await t.post('agents/login', { email: EMAIL, password });
  expect(res.statusCode).toBe(200);
  return (res.json() as { sessionToken: string }).sessionToken;
}

const readConversations = (t: { app: FastifyInstance }, token: string) =>
  t.app.inject({
    method: 'GET',
    url: '/v1/accounts/acme/agent/conversations',
    headers: { authorization: `Bearer ${token}` },
  });

describe('agent session tokens after a restart', () => {
  it('stay valid when the agent config is unchanged (plain password re-hashed with a new salt)', async () => {
    const { start } = await deployment();
    const before = await start({});
    const token = await login(before);
    expect((await readConversations(before, token)).statusCode).toBe(200);
    await before.close();
    const after = await start({});
    expect((await readConversations(after, token)).statusCode).toBe(200);
    await after.close();
  });

  it('are refused with SESSION_INVALID once the password changed', async () => {
    const { start } = await deployment();
    const before = await start({});
    const token = await login(before);
    await before.close();
    const after = await start({ password: 'second-password-456' });
    const res = await readConversations(after, token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SESSION_INVALID' });
    expect((await readConversations(after, await login(after, 'second-password-456'))).statusCode).toBe(200);
    await after.close();
  });

  it('are refused with SESSION_INVALID once the role changed', async () => {
    const { start } = await deployment();
    const before = await start({ role: 'admin' });
    const token = await login(before);
    await before.close();
    const after = await start({ role: 'agent' });
    const res = await readConversations(after, token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SESSION_INVALID' });
    await after.close();
  });
});
