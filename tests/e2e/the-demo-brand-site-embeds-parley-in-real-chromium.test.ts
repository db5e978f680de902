/**
 * The browser e2e suite: `npm start` as a real process (Parley + the demo brand), real Chromium,
 * and the agent side through the agent REST API and WebSocket. One demo and one browser for all
 * tests, which run concurrently (each in its own browser context, as its own customer), then
 * Ctrl-C stops the demo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason } from './chromium.ts';
import { minimalPageTests } from './minimal-page-tests.ts';
import { startE2eEnv, type E2eEnv } from './widget-e2e-env.ts';
import { integrationStyleTests } from './widget-integration-style-tests.ts';
import { sessionTests } from './widget-session-tests.ts';

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`tests/e2e: ${skipReason}`);
let env: (E2eEnv & { close(): Promise<void> }) | undefined;
const current = () => env!;

// a browser, an IdP and Parley on a 2-core machine shared with other suites: generous timeouts
describe.skipIf(skipReason !== null)('the demo brand site in real Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    env = await startE2eEnv();
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  describe('all at once', { concurrent: true }, () => {
    describe('each way a brand page embeds the widget', () => integrationStyleTests(current));
    describe('one session per consumer', () => sessionTests(current));
    describe('the page without the widget', () => minimalPageTests(current));
  });

  it('stops both servers on Ctrl-C with exit code 0', async () => {
    const { demo } = current();
    expect(await demo.stop(), demo.output()).toBe(0);
    await expect(fetch(`${demo.parleyUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(demo.brandSiteUrl)).rejects.toThrow();
  });
});
