import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, launchChromium } from './chromium.ts';
import { startDemoProcess, type RunningDemo } from './start-demo.ts';

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`tests/e2e: ${skipReason}`);

let demo: RunningDemo | undefined;
let signedInConsumerId = '';
let browser: Browser | undefined;

// a browser, an IdP and Parley on a 2-core CI machine shared with other suites: generous timeouts
describe.skipIf(skipReason !== null)('the demo brand site in real Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoProcess(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('signs in through the popup, shows the customer, and stores the message it sends', async () => {
    const page = await browser!.newPage();
    await page.goto(new URL('/minimal.html', demo!.brandSiteUrl).href);
    await signInThroughPopup(page, 'alice');

    await expect.poll(() => page.textContent('#display-name')).toBe('Alice Martin');
    const consumerId = (await page.textContent('#consumer-id')) ?? '';
    expect(consumerId).not.toBe('');
    signedInConsumerId = consumerId;
    await page.waitForSelector('#send:enabled');

    const text = `Hello from Chromium ${Date.now()}`;
    await page.fill('#message', text);
    await page.click('#send');
    const delivered = await page.waitForSelector('#transcript li[data-state="delivered"]');
    expect(await delivered.textContent()).toBe(text);

    const stored = await exportedMessages(consumerId);
    expect(stored).toContainEqual(expect.objectContaining({ from: 'consumer', text }));
  });

  it('the printed agent credentials log in, and the agent sees the customer’s authenticated conversation', async () => {
    const login = await fetch(`${demo!.parleyUrl}/v1/accounts/demo/agents/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demo!.agent),
    });
    expect(login.status).toBe(200);
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    const list = await fetch(`${demo!.parleyUrl}/v1/accounts/demo/agent/conversations`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(list.status).toBe(200);
    const { conversations } = (await list.json()) as { conversations: Record<string, unknown>[] };
    expect(conversations).toContainEqual(
      expect.objectContaining({ consumerId: signedInConsumerId, authenticated: true }),
    );
  });

  it('stops both servers on Ctrl-C with exit code 0', async () => {
    const brandSite = demo!.brandSiteUrl;
    expect(await demo!.stop(), demo!.output()).toBe(0);
    await expect(fetch(`${demo!.parleyUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(brandSite)).rejects.toThrow();
  });
});

/** Clicks "Sign in to chat" and completes oidc-provider's login and consent forms in the popup. */
async function signInThroughPopup(page: Page, login: string): Promise<void> {
  await page.waitForSelector('#sign-in:enabled');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#sign-in')]);
  const closed = popup.waitForEvent('close');
  await popup.fill('input[name="login"]', login);
  await popup.fill('input[name="password"]', 'any password');
  await popup.click('button[type="submit"]');
  await popup.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
  await popup.click('button[type="submit"]');
  await closed; // Parley's callback page posts the session to the opener, then closes itself
}

async function exportedMessages(consumerId: string): Promise<{ from: string; text: string }[]> {
  const res = await fetch(`${demo!.parleyUrl}/v1/admin/accounts/demo/consumers/${consumerId}/export`, {
    headers: { authorization: `Bearer ${demo!.adminApiKey}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { conversations: { messages: { from: string; text: string }[] }[] };
  return body.conversations.flatMap((c) => c.messages);
}
