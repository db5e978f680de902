import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, launchChromium } from './chromium.ts';
import { startDemoProcess, type RunningDemo } from './start-demo.ts';

const skipReason = e2eSkipReason();

let demo: RunningDemo | undefined;
let browser: Browser | undefined;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${demo!.parleyUrl}/v1/accounts/demo/${path}`, init);

/** The attacker's /authorize URL (with a step-up reference), opened in `page`: returns the IdP URL it redirected to. */
async function startPopupAsAttacker(page: Page, anonymousRef: string): Promise<string> {
  const query = new URLSearchParams({
    connector: 'demo',
    origin: new URL(demo!.brandSiteUrl).origin,
    anonymousRef,
  });
  const idpRequest = page.waitForRequest((r) => /\/auth\?/.test(r.url()) && r.url().includes('state='));
  await page.goto(`${demo!.parleyUrl}/v1/accounts/demo/authorize?${query}`);
  return (await idpRequest).url();
}

// a browser, an IdP and Parley on a 2-core CI machine shared with other suites: generous timeouts
describe.skipIf(skipReason !== null)(
  'login CSRF through the popup, in real Chromium',
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      [demo, browser] = await Promise.all([startDemoProcess(), launchChromium()]);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
    });

    it('the victim (another browser) signing in through the attacker’s popup URL gets STATE_INVALID; the attacker’s session is not stepped up', async () => {
      // attacker: an anonymous session, a one-time reference, /authorize in the attacker's browser
      const anonymous = await api('anonymous', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(anonymous.status).toBe(201);
      const attacker = (await anonymous.json()) as { consumerId: string; sessionToken: string };
      const refRes = await api('authorize/anonymous-ref', {
        method: 'POST',
        headers: { authorization: `Bearer ${attacker.sessionToken}` },
      });
      expect(refRes.status).toBe(201);
      const { anonymousRef } = (await refRes.json()) as { anonymousRef: string };
      const attackerContext = await browser!.newContext();
      const attackUrl = await startPopupAsAttacker(await attackerContext.newPage(), anonymousRef);
      expect(
        (await attackerContext.cookies(`${demo!.parleyUrl}/v1/accounts/demo/callback`)).map((c) => c.name),
      ).toContain('parley-popup');
      await attackerContext.close();

      // victim: another browser context opens the attacker's IdP URL and signs in
      const victimContext = await browser!.newContext();
      const victim = await victimContext.newPage();
      await victim.goto(attackUrl);
      await victim.fill('input[name="login"]', 'victim');
      await victim.fill('input[name="password"]', 'any password');
      await victim.click('button[type="submit"]');
      await victim.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
      const callback = victim.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/callback'));
      await victim.click('button[type="submit"]');
      const answer = await callback;
      expect(answer.status()).toBe(401);
      expect(await victim.textContent('body')).toContain('Sign-in failed');
      await victimContext.close();

      // the attacker's anonymous session was neither stepped up nor revoked
      const stillAnonymous = await api('authorize/anonymous-ref', {
        method: 'POST',
        headers: { authorization: `Bearer ${attacker.sessionToken}` },
      });
      expect(stillAnonymous.status).toBe(201);
      const exported = await fetch(
        `${demo!.parleyUrl}/v1/admin/accounts/demo/consumers/${attacker.consumerId}/export`,
        { headers: { authorization: `Bearer ${demo!.adminApiKey}` } },
      );
      expect(exported.status).toBe(200);
      const body = (await exported.json()) as { consumer: { authenticated: boolean } };
      expect(body.consumer.authenticated).toBe(false);
    });
  },
);
