import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followAuthorization } from '@parley/core/testing';
import { startLocalDemo, type LocalDemo } from './start-local-demo.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parley-local-demo-'));
const ADMIN_KEY = 'local-demo-test-admin-key-0123456789';
let demo: LocalDemo;

beforeAll(async () => {
  demo = await startLocalDemo({
    host: '127.0.0.1',
    port: 0,
    storage: { driver: 'sqlite', path: join(tmp, 'parley.db') },
    log: { level: 'silent' },
    adminApiKey: ADMIN_KEY,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await demo?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const brandOrigin = () => new URL(demo.brand.siteUrl).origin;
const callbackUrl = () => `${demo.server.url}/v1/accounts/demo/callback`;

function authorize(origin: string): Promise<Response> {
  const query = new URLSearchParams({ connector: 'demo', origin });
  return fetch(`${demo.server.url}/v1/accounts/demo/authorize?${query}`, { redirect: 'manual' });
}

/** The message the callback page posts to its opener, and the origin it posts to. */
function postedMessage(html: string): { message: Record<string, unknown>; origin: string } {
  const data = /var m=(\{.*?\});try/.exec(html);
  const target = /postMessage\(m,("[^"]*")\)/.exec(html);
  if (!data || !target) throw new Error(`no postMessage in the callback page: ${html.slice(0, 200)}`);
  return {
    message: JSON.parse(data[1]!) as Record<string, unknown>,
    origin: JSON.parse(target[1]!) as string,
  };
}

async function popupLogin(login: string): Promise<{ message: Record<string, unknown>; origin: string }> {
  const start = await authorize(brandOrigin());
  expect(start.status).toBe(302);
  const returned = await followAuthorization(String(start.headers.get('location')), callbackUrl(), login);
  // the popup cookie /authorize set (the state is bound to this browser): name=value only
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await fetch(returned.href, { headers: { accept: 'text/html', cookie } });
  expect(page.status).toBe(200);
  return postedMessage(await page.text());
}

describe('the local demo (npm start without a config)', () => {
  it('serves the brand website, which knows where Parley is', async () => {
    const page = await fetch(demo.brand.siteUrl);
    expect(page.status).toBe(200);
    const home = await page.text();
    // the demo home page links one page per way of embedding the widget, loaded from Parley
    expect(home).toContain(`${demo.server.url}/widget.js`);
    expect(home).toContain('href="/liveperson.html"');
    const config = await (await fetch(new URL('/demo-config.json', demo.brand.siteUrl))).json();
    expect(config).toEqual({ url: demo.server.url, account: 'demo', connector: 'demo' });
  });

  it('a code + PKCE popup login through the demo IdP yields an authenticated consumer with the brand claims', async () => {
    const { message, origin } = await popupLogin('alice');
    expect(origin).toBe(brandOrigin());
    expect(message).toMatchObject({
      type: 'parley:auth',
      authenticated: true,
      consumer: { displayName: 'Alice Martin' },
    });
    const consumerId = String(message.consumerId);
    const view = await fetch(`${demo.server.url}/v1/admin/accounts/demo/consumers/${consumerId}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(view.status).toBe(200);
    const body = (await view.json()) as {
      claims: Record<string, unknown>;
      sdes: { customerInfo: Record<string, unknown>; personalInfo: Record<string, unknown> };
    };
    expect(body).toMatchObject({ issuer: demo.brand.issuer, subject: 'alice', authenticated: true });
    expect(body.claims).toMatchObject({ name: 'Alice Martin', email: 'alice@customers.demo.example' });
    expect(body.claims.account_number).toMatch(/^ACC-\d{8}$/);
    expect(body.sdes.customerInfo).toMatchObject({ currency: 'EUR', balance: -42.5, cstatus: 'active' });
    expect(body.sdes.personalInfo).toMatchObject({ firstname: 'Alice', lastname: 'Martin' });
  });

  it('the same login yields the same consumer again', async () => {
    const first = await popupLogin('bob');
    const second = await popupLogin('bob');
    expect(second.message.consumerId).toBe(first.message.consumerId);
  });

  it('refuses to start a popup for an origin other than the brand site', async () => {
    const res = await authorize('http://127.0.0.1:1');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'REQUEST_INVALID' });
    expect(res.headers.get('location')).toBeNull();
  });

  it('the demo agent and supervisor log in with their generated passwords and not with another one', async () => {
    const login = (email: string, password: string) =>
      fetch(`${demo.server.url}/v1/accounts/demo/agents/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    expect(demo.agents.map((a) => [a.email, a.role])).toEqual([
      ['agent@demo.example', 'agent'],
      ['supervisor@demo.example', 'supervisor'],
    ]);
    for (const agent of demo.agents) {
      expect((await login(agent.email, agent.password)).status).toBe(200);
      const wrong = await login(agent.email, `${agent.password}x`);
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ code: 'AGENT_CREDENTIALS_INVALID' });
    }
    expect(demo.agents[0]!.password).not.toBe(demo.agents[1]!.password);
  });

  it('never writes the agent passwords or the admin key to disk', () => {
    for (const file of readdirSync(tmp)) {
      const content = readFileSync(join(tmp, file)).toString('latin1');
      for (const agent of demo.agents) expect(content).not.toContain(agent.password);
      expect(content).not.toContain(ADMIN_KEY);
    }
  });
});
