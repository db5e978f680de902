/**
 * The one demo process, browser and agent login that every widget e2e test shares (one per
 * test file: starting `npm start` and Chromium is the slow part of the suite).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startDemoProcess, type RunningDemo } from './start-demo.ts';
import { agentToken } from './widget-helpers.ts';

export interface E2eEnv {
  demo: RunningDemo;
  browser: Browser;
  /** The demo agent's session token. */
  agent: string;
  /** A fresh browser profile at 375×667 that records the page's CSP violations. */
  newContext(): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(): Promise<Page>;
}

/** Starts the demo and Chromium; `close` ends both (contexts first). */
export async function startE2eEnv(): Promise<E2eEnv & { close(): Promise<void> }> {
  const [demo, browser] = await Promise.all([startDemoProcess(), launchChromium()]);
  const agent = await agentToken(demo);
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
    contexts.push(context);
    // CSP violations of the brand page's strict policy, recorded from the very start
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    });
    return context;
  };
  return {
    demo,
    browser,
    agent,
    newContext,
    newPage: async () => (await newContext()).newPage(),
    async close() {
      await Promise.all(contexts.map((c) => c.close()));
      await browser.close();
      await demo.stop();
    },
  };
}
