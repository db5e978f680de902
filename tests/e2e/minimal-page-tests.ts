/** The demo's page without the widget: the raw popup + WebSocket protocol from plain JavaScript. */
import { it } from 'vitest';
import type { E2eEnv } from './widget-e2e-env.ts';
import { completeBrandLogin } from './widget-helpers.ts';

/** Registers the test; `env` is read when it runs (after the suite's beforeAll). */
export function minimalPageTests(env: () => E2eEnv): void {
  it('signs in through the popup, sends, and the printed agent credentials see the authenticated conversation', async ({
    expect,
  }) => {
    const { demo, agent } = env();
    const page = await env().newPage();
    await page.goto(new URL('/minimal.html', demo.brandSiteUrl).href);
    await page.waitForSelector('#sign-in:enabled');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#sign-in')]);
    await completeBrandLogin(popup, 'alice'); // Parley's callback page posts the session, then closes
    await expect.poll(() => page.textContent('#display-name')).toBe('Alice Martin');
    const consumerId = (await page.textContent('#consumer-id')) ?? '';
    expect(consumerId).not.toBe('');
    await page.waitForSelector('#send:enabled');

    const text = 'Hello from the page without the widget';
    await page.fill('#message', text);
    await page.click('#send');
    const delivered = await page.waitForSelector('#transcript li[data-state="delivered"]');
    expect(await delivered.textContent()).toBe(text);

    const exported = await fetch(`${demo.parleyUrl}/v1/admin/accounts/demo/consumers/${consumerId}/export`, {
      headers: { authorization: `Bearer ${demo.adminApiKey}` },
    });
    expect(exported.status).toBe(200);
    const body = (await exported.json()) as {
      conversations: { messages: { from: string; text: string }[] }[];
    };
    expect(body.conversations.flatMap((c) => c.messages)).toContainEqual(
      expect.objectContaining({ from: 'consumer', text }),
    );
    const list = await fetch(`${demo.parleyUrl}/v1/accounts/demo/agent/conversations`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    const { conversations } = (await list.json()) as { conversations: Record<string, unknown>[] };
    expect(conversations).toContainEqual(expect.objectContaining({ consumerId, authenticated: true }));
  });
}
