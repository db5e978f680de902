import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, launchChromium } from './chromium.ts';
import { startDemoProcess, type RunningDemo } from './start-demo.ts';
import {
  WIDGET,
  agentSees,
  agentToken,
  authState,
  openBrandPage,
  openWidget,
  screenshot,
  sendFromWidget,
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
  await expect.poll(() => authState(page)).toBe('signed-in');
  const text = `hello via ${path} ${Math.random().toString(36).slice(2)}`;
  await sendFromWidget(page, text);
  const { conversation } = await agentSees(demo, agent, text);
  expect(conversation.authenticated).toBe(true);
  return { page, text, conversation };
}

// one demo process and one browser for the file; a 2-core machine shared with other suites
describe.skipIf(skipReason !== null)(
  'the widget on the demo brand pages, in real Chromium',
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

    it('implicit: the brand backend signs an id_token, the consumer chats verified', async () => {
      const { page } = await chatSignedIn('/implicit.html', 'alice');
      expect(await page.textContent(`${WIDGET} .who`)).toContain('Alice Martin');
      await screenshot(page, 'signed-in');
    });
  },
);
