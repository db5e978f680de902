/**
 * What the widget e2e tests do with a browser page and with the agent side: sign in to the demo
 * brand's own site, drive the widget inside its shadow root (Playwright's CSS selectors pierce
 * open shadow roots), and read what the agent sees through the agent REST API and WebSocket.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import type { RunningDemo } from './start-demo.ts';

/** Screenshots of the widget's states go here; the README shows them. */
export const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

/** The widget's host element (a `<parley-widget>` with an open shadow root). */
export const WIDGET = 'parley-widget';

/** Opens `path` of the brand site, signs in to the brand (its own login), waits for the widget. */
export async function openBrandPage(page: Page, demo: RunningDemo, path: string, user?: string) {
  await page.goto(new URL(path, demo.brandSiteUrl).href);
  if (user !== undefined) {
    await page.fill('#brand-user', user);
    await Promise.all([page.waitForURL(`**${path.split('?')[0]}*`), page.click('#login-form button')]);
    await page.waitForSelector('#logout-form:not([hidden])');
  }
  await page.waitForSelector(`${WIDGET} .launcher`);
}

/**
 * A message text: each test of a file uses its own (every file runs its own demo with fresh
 * storage), and fixed texts keep the committed screenshots stable between runs.
 */
export function uniqueText(label: string): string {
  return label;
}

/** Completes oidc-provider's login and consent forms in the popup, which then closes itself. */
export async function completeBrandLogin(popup: Page, login: string): Promise<void> {
  const closed = popup.waitForEvent('close');
  await popup.fill('input[name="login"]', login);
  await popup.fill('input[name="password"]', 'any password');
  await popup.click('button[type="submit"]');
  await popup.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
  await popup.click('button[type="submit"]');
  await closed;
}

/** Clicks the launcher and waits until the chat is connected. */
export async function openWidget(page: Page): Promise<void> {
  await page.click(`${WIDGET} .launcher`);
  await page.waitForSelector(`${WIDGET}[data-connection="open"]`, { state: 'attached' });
}

/** {@link openBrandPage} signed in as `user`, then {@link openWidget}, until the chat is signed in too. */
export async function openSignedInChat(
  page: Page,
  demo: RunningDemo,
  path: string,
  user: string,
): Promise<void> {
  await openBrandPage(page, demo, path, user);
  await openWidget(page);
  await waitForAuth(page, 'signed-in');
}

/** The widget's state attribute (`data-auth`). */
export function authState(page: Page): Promise<string | null> {
  return page.getAttribute(WIDGET, 'data-auth');
}

/**
 * Polls `read` until it returns `expected` (the tests of a file run concurrently, where the
 * global `expect.poll` is not available), else fails naming the last value.
 */
export async function waitFor<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${String(expected)}, still ${String(last)} after ${timeoutMs} ms`);
}

/** The signed-in (or failed...) state, once the widget reached it. */
export function waitForAuth(page: Page, expected: string, timeoutMs?: number): Promise<void> {
  return waitFor(() => authState(page), expected, timeoutMs);
}

/** Types `text`, presses Enter and waits for the server's ack. */
export async function sendFromWidget(page: Page, text: string): Promise<void> {
  await page.fill(`${WIDGET} textarea`, text);
  await page.press(`${WIDGET} textarea`, 'Enter');
  await page.waitForSelector(`${WIDGET} li[data-from="consumer"][data-state="delivered"] >> text="${text}"`);
}

/** Saves a screenshot of the page (the widget in a given state) under docs/images. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: `${IMAGES}widget-${name}.png` });
}

/** The demo agent's session token. */
export async function agentToken(demo: RunningDemo): Promise<string> {
  const res = await fetch(`${demo.parleyUrl}/v1/accounts/demo/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demo.agent),
  });
  if (res.status !== 200) throw new Error(`agent login answered ${res.status}`);
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}

interface AgentConversation {
  id: string;
  consumerId: string;
  authenticated: boolean;
  status: string;
}

/** Waits until the agent API lists a conversation holding `text`; returns it and its messages. */
export async function agentSees(demo: RunningDemo, token: string, text: string) {
  const headers = { authorization: `Bearer ${token}` };
  let found: { conversation: AgentConversation; messages: { from: string; text: string }[] } | null = null;
  await waitFor(async () => {
    const list = await fetch(`${demo.parleyUrl}/v1/accounts/demo/agent/conversations`, { headers });
    const { conversations } = (await list.json()) as { conversations: AgentConversation[] };
    for (const conversation of conversations) {
      const res = await fetch(
        `${demo.parleyUrl}/v1/accounts/demo/agent/conversations/${conversation.id}/messages`,
        { headers },
      );
      const { messages } = (await res.json()) as { messages: { from: string; text: string }[] };
      if (messages.some((m) => m.text === text)) found = { conversation, messages };
    }
    return found !== null;
  }, true);
  return found!;
}

/** An agent WebSocket, authenticated; `send` a frame, `next` waits for a frame matching. */
export async function agentSocket(demo: RunningDemo, token: string) {
  const socket = new WebSocket(`${demo.parleyUrl.replace(/^http/, 'ws')}/v1/accounts/demo/agent/ws`);
  const frames: Record<string, unknown>[] = [];
  const waiters: {
    match: (f: Record<string, unknown>) => boolean;
    resolve: (f: Record<string, unknown>) => void;
  }[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    frames.push(frame);
    for (const w of waiters.splice(0))
      if (w.match(frame)) w.resolve(frame);
      else waiters.push(w);
  });
  const next = (match: (f: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const seen = frames.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'auth', token }));
  await next((f) => f.type === 'auth.ok');
  return {
    send: (frame: Record<string, unknown>) => socket.send(JSON.stringify(frame)),
    next,
    close: () => socket.close(),
  };
}
