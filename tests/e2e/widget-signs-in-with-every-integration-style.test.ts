import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, launchChromium } from './chromium.ts';
import { startDemoProcess, type RunningDemo } from './start-demo.ts';
import {
  WIDGET,
  agentSees,
  agentSocket,
  agentToken,
  authState,
  waitForAuth,
  completeBrandLogin,
  openBrandPage,
  openWidget,
  screenshot,
  sendFromWidget,
  uniqueText,
} from './widget-helpers.ts';

const skipReason = e2eSkipReason();
let demo: RunningDemo;
let browser: Browser;
let agent: string;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
  contexts.push(context);
  return context.newPage();
}

/** Signs in to the brand page, opens the widget, sends; the agent gets it, authenticated. */
async function chatSignedIn(path: string, user: string) {
  const page = await newPage();
  await openBrandPage(page, demo, path, user);
  await openWidget(page);
  await waitForAuth(page, 'signed-in');
  const text = uniqueText(`Hello, I have a question about my card (${path})`);
  await sendFromWidget(page, text);
  const { conversation } = await agentSees(demo, agent, text);
  expect(conversation.authenticated).toBe(true);
  return { page, text, conversation };
}

// one demo process and one browser for the file (a 2-core machine shared with other suites)
describe.skipIf(skipReason !== null)(
  'the widget on each demo brand page, in real Chromium',
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      [demo, browser] = await Promise.all([startDemoProcess(), launchChromium()]);
      agent = await agentToken(demo);
    }, 60_000);
    afterAll(async () => {
      await Promise.all(contexts.map((c) => c.close()));
      await browser?.close();
      await demo?.stop();
    });

    it('implicit: the brand backend signs an id_token, the consumer chats verified as themselves', async ({
      expect,
    }) => {
      const { page } = await chatSignedIn('/implicit.html', 'alice');
      expect(await page.textContent(`${WIDGET} .who`)).toContain('Alice Martin');
      await screenshot(page, 'signed-in');
    });

    it('implicit, encrypted: a JWE made with the account key Parley publishes', async () => {
      await chatSignedIn('/implicit.html?encrypt=1', 'bob');
    });

    it('code: the page hands over an IdP code with its redirect URI, Parley exchanges it', async () => {
      await chatSignedIn('/code.html', 'carol');
    });

    it('PKCE: the page gets a code bound to Parley’s challenge; the verifier stays at Parley', async () => {
      await chatSignedIn('/pkce.html', 'dave');
    });

    it('the LivePerson drop-in tag: lpGetAuthenticationToken(callback) gives the id_token', async () => {
      await chatSignedIn('/liveperson.html', 'erin');
    });

    it('the LivePerson tag when the brand method calls back an error: "could not sign you in", the guest chat goes on', async ({
      expect,
    }) => {
      const page = await newPage();
      await openBrandPage(page, demo, '/liveperson.html'); // not signed in to the brand
      await openWidget(page);
      await waitForAuth(page, 'sign-in-failed');
      expect(await page.textContent(`${WIDGET} [role="alert"]`)).toContain('could not sign you in');
      const text = uniqueText('Hi, is anyone there?');
      await sendFromWidget(page, text);
      const { conversation } = await agentSees(demo, agent, text);
      expect(conversation.authenticated).toBe(false);
      await screenshot(page, 'sign-in-failed');
    });

    it('popup: Sign in opens the brand login, the guest conversation continues signed in', async ({
      expect,
    }) => {
      const page = await newPage();
      await openBrandPage(page, demo, '/popup.html');
      await openWidget(page);
      expect(await authState(page)).toBe('anonymous');
      await screenshot(page, 'anonymous');
      const before = uniqueText('Can you check my last payment?');
      await sendFromWidget(page, before);
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.click(`${WIDGET} [data-action="sign-in"]`),
      ]);
      expect(await authState(page)).toBe('signing-in');
      await screenshot(page, 'signing-in');
      await completeBrandLogin(popup, 'frank');
      await waitForAuth(page, 'signed-in');
      const after = uniqueText('after popup');
      await sendFromWidget(page, after);
      const { conversation, messages } = await agentSees(demo, agent, after);
      expect(conversation.authenticated).toBe(true);
      expect(messages.map((m) => m.text)).toContain(before);
    });

    it('step-up: the agent asks, the guest signs in, the conversation and its messages are kept', async ({
      expect,
    }) => {
      const page = await newPage();
      await openBrandPage(page, demo, '/step-up.html', 'grace');
      await openWidget(page);
      expect(await authState(page)).toBe('anonymous');
      const guestText = uniqueText('I was charged twice this month');
      await sendFromWidget(page, guestText);
      const { conversation } = await agentSees(demo, agent, guestText);
      expect(conversation.authenticated).toBe(false);

      const socket = await agentSocket(demo, agent);
      try {
        socket.send({ type: 'conversation.accept', conversationId: conversation.id, id: 'accept' });
        await socket.next((f) => f.type === 'consumer.auth_state' && f.conversationId === conversation.id);
        socket.send({ type: 'auth.request', conversationId: conversation.id });
        await page.waitForSelector(`${WIDGET} .notice >> text=asks you to sign in`);
        await screenshot(page, 'agent-asks-to-sign-in');
        await page.click(`${WIDGET} .notice button`);
        await waitForAuth(page, 'signed-in');
        await socket.next((f) => f.type === 'consumer.auth_state' && f.state === 'authenticated');
      } finally {
        socket.close();
      }
      const signedText = uniqueText('signed in');
      await sendFromWidget(page, signedText);
      const after = await agentSees(demo, agent, signedText);
      expect(after.conversation.id).toBe(conversation.id);
      expect(after.conversation.authenticated).toBe(true);
      expect(after.messages.map((m) => m.text)).toEqual(expect.arrayContaining([guestText, signedText]));
      // the guest message is still on screen
      expect(await page.textContent(`${WIDGET} ol`)).toContain(guestText);
    });
  },
);
