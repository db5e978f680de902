/** One session per consumer: browsers, tabs, renewal, identify, reconnects, keyboard and axe. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { it } from 'vitest';
import type { E2eEnv } from './widget-e2e-env.ts';
import {
  WIDGET,
  agentSees,
  agentSocket,
  openBrandPage,
  openSignedInChat,
  openWidget,
  screenshot,
  sendFromWidget,
  uniqueText,
  waitFor,
  waitForAuth,
} from './widget-helpers.ts';

/** Registers the tests; `env` is read when they run (after the suite's beforeAll). */
export function sessionTests(env: () => E2eEnv): void {
  it('another browser signed in as the same customer gets the same consumerId and the conversation', async ({
    expect,
  }) => {
    const first = await env().newPage();
    await openSignedInChat(first, env().demo, '/implicit.html', 'henry');
    const text = uniqueText('from the laptop');
    await sendFromWidget(first, text);

    const second = await env().newPage();
    await openSignedInChat(second, env().demo, '/implicit.html', 'henry');
    expect(await consumerId(second)).toBe(await consumerId(first));
    await second.waitForSelector(`${WIDGET} li >> text="${text}"`);
  });

  it('two tabs share one session: one brand call, a sign-in and a logout show in both, logout leaves nothing', async ({
    expect,
  }) => {
    const context = await env().newContext();
    let brandCalls = 0;
    context.on('request', (req) => {
      if (req.url().endsWith('/api/chat-id-token')) brandCalls++;
    });
    const tab1 = await context.newPage();
    await openBrandPage(tab1, env().demo, '/implicit.html', 'ivy');
    const tab2 = await context.newPage();
    await openBrandPage(tab2, env().demo, '/implicit.html');

    await openWidget(tab1);
    await waitForAuth(tab1, 'signed-in');
    await waitForAuth(tab2, 'signed-in'); // adopted while minimized
    await openWidget(tab2);
    expect(await consumerId(tab2)).toBe(await consumerId(tab1));
    const text = uniqueText('typed in tab 2');
    await sendFromWidget(tab2, text);
    await tab1.waitForSelector(`${WIDGET} li >> text="${text}"`);
    expect(brandCalls).toBe(1);

    await tab1.click(`${WIDGET} [data-action="sign-out"]`);
    await waitForAuth(tab1, 'logged-out');
    await waitForAuth(tab2, 'logged-out');
    for (const tab of [tab1, tab2]) {
      expect(await tab.$$(`${WIDGET} li`)).toHaveLength(0);
      expect(await parleyStorageKeys(tab)).toEqual([]);
    }
    await screenshot(tab2, 'logged-out');
  });

  it('a one-minute session is renewed silently: same consumer, same conversation, never another state', async ({
    expect,
  }) => {
    const page = await env().newPage();
    await openSignedInChat(page, env().demo, '/implicit.html?ttl=65', 'jack');
    const before = await consumerId(page);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { authStates: string[] }).authStates = seen;
      const host = document.querySelector('parley-widget')!;
      new MutationObserver(() => seen.push(host.getAttribute('data-auth') ?? '')).observe(host, {
        attributes: true,
        attributeFilter: ['data-auth'],
      });
    });
    const first = uniqueText('What is my current plan?');
    await sendFromWidget(page, first);
    // the SDK renews a minute before expiry: a few seconds after sign-in here
    await waitFor(async () => (await page.getAttribute(WIDGET, 'data-renewals')) !== '0', true, 40_000);
    const after = uniqueText('after renewal');
    await sendFromWidget(page, after);
    const { conversation, messages } = await agentSees(env().demo, env().agent, after);
    expect(conversation.authenticated).toBe(true);
    expect(messages.map((m) => m.text)).toContain(first);
    expect(await consumerId(page)).toBe(before);
    const states = await page.evaluate(() => (window as unknown as { authStates: string[] }).authStates);
    expect(states.filter((s) => s !== 'signed-in')).toEqual([]);
    await screenshot(page, 'session-renewed');
  });

  it('identify: back on the page, the customer’s open conversation waits minimized with an unread badge', async ({
    expect,
  }) => {
    const page = await env().newPage();
    await openSignedInChat(page, env().demo, '/implicit.html', 'kate');
    const text = uniqueText('When does my card arrive?');
    await sendFromWidget(page, text);
    const { conversation } = await agentSees(env().demo, env().agent, text);
    await page.reload();
    await page.waitForSelector(`${WIDGET}[data-connection="open"]`, { state: 'attached' });
    expect(await page.getAttribute(WIDGET, 'data-open')).toBe('false');

    const socket = await agentSocket(env().demo, env().agent);
    try {
      socket.send({ type: 'conversation.accept', conversationId: conversation.id });
      await socket.next((f) => f.type === 'consumer.auth_state' && f.conversationId === conversation.id);
      socket.send({
        type: 'message.send',
        conversationId: conversation.id,
        clientMessageId: crypto.randomUUID(),
        text: 'Hi Kate, how can I help?',
      });
      await page.waitForSelector(`${WIDGET} .badge:not([hidden]) >> text="1"`);
    } finally {
      socket.close();
    }
    await screenshot(page, 'unread-badge');
  });

  it('a dropped connection shows "reconnecting", then the chat resumes and loses nothing', async ({
    expect,
  }) => {
    const context = await env().newContext();
    // Chromium's offline mode blocks new connections but keeps open sockets: keep a handle on
    // the page's sockets to drop them, as a network change would
    await context.addInitScript(() => {
      const sockets: WebSocket[] = [];
      const Native = window.WebSocket;
      (window as unknown as { openSockets: WebSocket[] }).openSockets = sockets;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    });
    const page = await context.newPage();
    await openSignedInChat(page, env().demo, '/implicit.html', 'mia');
    await context.setOffline(true);
    await page.evaluate(() =>
      (window as unknown as { openSockets: WebSocket[] }).openSockets.forEach((s) => s.close()),
    );
    await page.waitForSelector(`${WIDGET}[data-connection="reconnecting"]`, { state: 'attached' });
    await screenshot(page, 'reconnecting');
    await context.setOffline(false);
    await page.waitForSelector(`${WIDGET}[data-connection="open"]`, { state: 'attached', timeout: 30_000 });
    const text = uniqueText('Still there after the network drop');
    await sendFromWidget(page, text);
    expect((await agentSees(env().demo, env().agent, text)).conversation.authenticated).toBe(true);
  });

  it('works with the keyboard alone, under the brand’s strict CSP, with no serious accessibility violation', async ({
    expect,
  }) => {
    const page = await env().newPage();
    await openBrandPage(page, env().demo, '/implicit.html', 'liam');
    // Tab from the top of the page until the launcher has focus (it is the page's last control)
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.tagName === 'PARLEY-WIDGET')) break;
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${WIDGET}[data-connection="open"]`, { state: 'attached' });
    await waitForAuth(page, 'signed-in');
    const focused = () =>
      page.evaluate(
        () => document.querySelector('parley-widget')?.shadowRoot?.activeElement?.className ?? '',
      );
    expect(
      await page.evaluate(() => document.querySelector('parley-widget')?.shadowRoot?.activeElement?.id),
    ).toBe('parley-message');
    await page.keyboard.type('Sent with the keyboard');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${WIDGET} li[data-state="delivered"] >> text="Sent with the keyboard"`);

    const results = await new AxeBuilder({ page }).include(WIDGET).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.keyboard.press('Escape');
    expect(await page.getAttribute(WIDGET, 'data-open')).toBe('false');
    expect(await focused()).toBe('launcher');
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
  });
}

function consumerId(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      (window as unknown as { Parley: { widget: { client: { state: { consumerId?: string } } } } }).Parley
        .widget.client.state.consumerId,
  );
}

function parleyStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley:')));
}
