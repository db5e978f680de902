import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, launchChromium } from './chromium.ts';
import { startDemoProcess, type RunningDemo } from './start-demo.ts';

const skipReason = e2eSkipReason();
const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

let demo: RunningDemo;
/** Alice's full account number, as the brand's IdP put it in her token (read through the admin API). */
let ALICE_ACCOUNT = '';
let browser: Browser;
let agentPage: Page;
let alicePage: Page;
const consoleErrors: string[] = [];

// a browser, an IdP and Parley on a 2-core machine shared with other suites: generous timeouts
describe.skipIf(skipReason !== null)('the Agent Workspace in real Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    mkdirSync(IMAGES, { recursive: true });
    [demo, browser] = await Promise.all([startDemoProcess(), launchChromium()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('an agent accepts a signed-in customer: Verified badge, name, lp_sdes cards, masked account number; the reply arrives', async () => {
    alicePage = await browser.newPage();
    // the demo's plain page (no widget): the consumer is driven without depending on the widget
    await alicePage.goto(new URL('/minimal.html', demo.brandSiteUrl).href);
    await signInThroughPopup(alicePage, 'alice');
    await alicePage.waitForSelector('#send:enabled');
    await alicePage.fill('#message', 'Hi, my card was declined');
    await alicePage.click('#send');
    await alicePage.waitForSelector('#transcript li[data-state="delivered"]');
    const aliceId = (await alicePage.textContent('#consumer-id')) ?? '';
    const conversationId = await openConversationOf(aliceId);
    ALICE_ACCOUNT = await accountNumberOf(aliceId);
    expect(ALICE_ACCOUNT).toMatch(/^ACC-\d{8}$/);

    agentPage = await workspacePage();
    await agentPage.screenshot({ path: `${IMAGES}workspace-sign-in.png` });
    await signIn(agentPage, demo.agent);
    const item = agentPage.locator(`[data-testid="list-waiting"] [data-conversation-id="${conversationId}"]`);
    await item.click();
    await agentPage.getByRole('button', { name: /^Accept/ }).click();

    const badge = agentPage.locator('.panel .badge');
    await expect.poll(() => badge.getAttribute('data-state')).toBe('authenticated');
    expect(await badge.textContent()).toContain('via Demo Bank login');
    const panel = agentPage.locator('.panel');
    await panel.getByText('Alice Martin').first().waitFor();
    expect(await agentPage.locator('[data-testid="card-customer-info"]').textContent()).toContain('C-');
    expect(await agentPage.locator('[data-testid="card-personal-info"]').textContent()).toContain('Lyon');
    const account = agentPage.locator('[data-claim="account_number"]');
    expect(await account.textContent()).toContain(`••••${ALICE_ACCOUNT.slice(-4)}`);
    expect(await panel.textContent()).not.toContain(ALICE_ACCOUNT);
    expect(await agentPage.locator('.transcript').textContent()).toContain('Hi, my card was declined');

    await agentPage.fill('#reply', 'Hello Alice, let me check that card for you.');
    await agentPage.press('#reply', 'Enter');
    const received = await alicePage.waitForSelector('#transcript li[data-from="agent"]');
    expect(await received.textContent()).toBe('Hello Alice, let me check that card for you.');
    await agentPage.locator('.msg.agent[data-state="delivered"]').waitFor();
    await agentPage.screenshot({ path: `${IMAGES}workspace-verified-customer.png` });

    const axe = await new AxeBuilder({ page: agentPage }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('an anonymous customer is asked to sign in, and the panel turns verified when they do', async () => {
    const anonymous = await anonymousConsumer('I forgot my PIN');
    const item = agentPage.locator(
      `[data-testid="list-waiting"] [data-conversation-id="${anonymous.conversationId}"]`,
    );
    await item.click();
    await agentPage.keyboard.press('Alt+A'); // the keyboard shortcut accepts the selected one
    const badge = agentPage.locator('.panel .badge');
    await expect.poll(() => badge.getAttribute('data-state')).toBe('anonymous');
    await agentPage.getByRole('button', { name: 'Ask to sign in' }).click();
    await anonymous.frame('auth.request');
    await agentPage.getByRole('button', { name: 'Sign-in requested…' }).waitFor();
    await agentPage.screenshot({ path: `${IMAGES}workspace-anonymous-ask-to-sign-in.png` });

    // the consumer signs in (popup flow with its anonymous session: step-up in place)
    const popup = await browser.newPage();
    const origin = new URL(demo.brandSiteUrl).origin;
    // the anonymous session token never goes in a URL: a one-time reference stands for it
    const ref = await fetch(`${demo.parleyUrl}/v1/accounts/demo/authorize/anonymous-ref`, {
      method: 'POST',
      headers: { authorization: `Bearer ${anonymous.token}` },
    });
    expect(ref.status).toBe(201);
    const { anonymousRef } = (await ref.json()) as { anonymousRef: string };
    const query = new URLSearchParams({ connector: 'demo', origin, anonymousRef });
    await popup.goto(`${demo.parleyUrl}/v1/accounts/demo/authorize?${query}`);
    await completeIdpLogin(popup, 'bob');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('authenticated');
    await agentPage.locator('.panel').getByText('Bob Okafor').first().waitFor();
    expect(await agentPage.locator('.transcript').textContent()).toContain('I forgot my PIN');
    expect(await agentPage.locator('.transcript').textContent()).toContain('The customer signed in');
    await agentPage.screenshot({ path: `${IMAGES}workspace-stepped-up.png` });
    anonymous.close();
    await popup.close();
  });

  it('a supervisor sees the account number in clear; a plain agent cannot open the supervisor’s conversation', async () => {
    // the agent closes Alice's conversation with the keyboard; Alice writes again
    await agentPage.locator('[data-testid="list-mine"] button').filter({ hasText: 'Alice Martin' }).click();
    await agentPage.keyboard.press('Alt+C');
    await agentPage.locator('[data-testid="list-closed"]').getByText('Alice Martin').waitFor();
    await alicePage.fill('#message', 'One more question');
    await alicePage.click('#send');
    await alicePage.waitForSelector('#transcript li[data-state="delivered"] >> text=One more question');
    const second = await openConversationOf((await alicePage.textContent('#consumer-id')) ?? '');

    const supervisor = await workspacePage();
    await signIn(supervisor, demo.supervisor);
    await supervisor.locator(`[data-conversation-id="${second}"]`).click();
    await supervisor.getByRole('button', { name: /^Accept/ }).click();
    const account = supervisor.locator('[data-claim="account_number"]');
    await expect.poll(() => account.textContent()).toContain(ALICE_ACCOUNT);
    expect(await account.textContent()).not.toContain('masked');
    await supervisor.screenshot({ path: `${IMAGES}workspace-supervisor-clear.png` });
    // the customer's earlier conversation (handled by the agent) is one shortcut away
    await supervisor.keyboard.press('Alt+H');
    await supervisor.locator('.history li').nth(1).waitFor();
    await supervisor.locator('.history li button').nth(1).click();
    await supervisor.locator('.history .transcript').getByText('Hi, my card was declined').waitFor();
    await supervisor.getByRole('button', { name: 'Close history' }).click();

    // the plain agent's list drops it, and the server refuses it the transcript
    await expect.poll(() => agentPage.locator(`[data-conversation-id="${second}"]`).count()).toBe(0);
    const token = await agentPage.evaluate(
      () =>
        (JSON.parse(sessionStorage.getItem('parley.workspace.session') ?? '{}') as { token?: string }).token,
    );
    const res = await fetch(`${demo.parleyUrl}/v1/accounts/demo/agent/conversations/${second}/messages`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });

  it('is usable at 1024 wide, signs out, and logged no console errors', async () => {
    await agentPage.setViewportSize({ width: 1024, height: 768 });
    await agentPage.screenshot({ path: `${IMAGES}workspace-1024.png` });
    const overflow = await agentPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await agentPage.getByRole('button', { name: 'Sign out' }).click();
    await agentPage.locator('form[aria-label="Sign in"]').waitFor();
    expect(await agentPage.evaluate(() => sessionStorage.length)).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});

async function workspacePage(): Promise<Page> {
  // a context of its own per agent (separate sessionStorage; @axe-core/playwright needs one)
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  await page.goto(`${demo.parleyUrl}/workspace/?account=demo`);
  return page;
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.fill('input[name="email"]', who.email);
  await page.fill('input[name="password"]', who.password);
  await page.click('button[type="submit"]');
  await page.locator('.conn.open').waitFor();
}

/** The consumer's open conversation, read through the admin export (the demo page shows no id). */
async function openConversationOf(consumerId: string): Promise<string> {
  const res = await fetch(`${demo.parleyUrl}/v1/admin/accounts/demo/consumers/${consumerId}/export`, {
    headers: { authorization: `Bearer ${demo.adminApiKey}` },
  });
  const body = (await res.json()) as { conversations: { id: string; status: string }[] };
  const open = body.conversations.find((c) => c.status !== 'closed');
  if (!open) throw new Error('no open conversation');
  return open.id;
}

async function accountNumberOf(consumerId: string): Promise<string> {
  const res = await fetch(`${demo.parleyUrl}/v1/admin/accounts/demo/consumers/${consumerId}`, {
    headers: { authorization: `Bearer ${demo.adminApiKey}` },
  });
  const body = (await res.json()) as { claims: { account_number?: unknown } };
  return String(body.claims.account_number);
}

/** An anonymous consumer over raw HTTP + WebSocket (no widget needed) that wrote `text`. */
async function anonymousConsumer(text: string) {
  const res = await fetch(`${demo.parleyUrl}/v1/accounts/demo/anonymous`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { sessionToken: token } = (await res.json()) as { sessionToken: string };
  const ws = new WebSocket(`${demo.parleyUrl.replace(/^http/, 'ws')}/v1/accounts/demo/consumer/ws`);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const frame = async (type: string) => {
    await expect.poll(() => frames.find((f) => f.type === type), { timeout: 20_000 }).toBeDefined();
    return frames.find((f) => f.type === type)!;
  };
  ws.send(JSON.stringify({ type: 'auth', token }));
  await frame('auth.ok');
  ws.send(JSON.stringify({ type: 'message.send', clientMessageId: randomUUID(), text }));
  const ack = await frame('message.ack');
  return { token, conversationId: String(ack.conversationId), frame, close: () => ws.close() };
}

/** Clicks "Sign in to chat" and completes oidc-provider's login and consent forms in the popup. */
async function signInThroughPopup(page: Page, login: string): Promise<void> {
  await page.waitForSelector('#sign-in:enabled');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#sign-in')]);
  const closed = popup.waitForEvent('close');
  await completeIdpLogin(popup, login);
  await closed; // Parley's callback page posts the session to the opener, then closes itself
}

async function completeIdpLogin(page: Page, login: string): Promise<void> {
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password');
  await page.click('button[type="submit"]');
  await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
  await page.click('button[type="submit"]');
}
