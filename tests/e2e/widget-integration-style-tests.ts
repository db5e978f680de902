/** Each way a brand page embeds the widget, signed in end to end (registered by the suite file). */
import { expect, it } from 'vitest';
import type { E2eEnv } from './widget-e2e-env.ts';
import {
  WIDGET,
  agentSees,
  agentSocket,
  authState,
  completeBrandLogin,
  openBrandPage,
  openWidget,
  screenshot,
  sendFromWidget,
  uniqueText,
  waitForAuth,
} from './widget-helpers.ts';

/** Registers the tests; `env` is read when they run (after the suite's beforeAll). */
export function integrationStyleTests(env: () => E2eEnv): void {
  /** Signs in to the brand page, opens the widget, sends; the agent gets it, authenticated. */
  async function chatSignedIn(path: string, user: string) {
    const page = await env().newPage();
    await openBrandPage(page, env().demo, path, user);
    await openWidget(page);
    await waitForAuth(page, 'signed-in');
    // the verified name from the brand's claims (id_token or, after a code, UserInfo)
    expect(await page.textContent(`${WIDGET} .who strong`)).not.toBe('you');
    const text = uniqueText(`Hello, I have a question about my card (${path})`);
    await sendFromWidget(page, text);
    const { conversation } = await agentSees(env().demo, env().agent, text);
    expect(conversation.authenticated).toBe(true);
    return { page, text, conversation };
  }

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
    const page = await env().newPage();
    await openBrandPage(page, env().demo, '/liveperson.html'); // not signed in to the brand
    await openWidget(page);
    await waitForAuth(page, 'sign-in-failed');
    expect(await page.textContent(`${WIDGET} [role="alert"]`)).toContain('could not sign you in');
    const text = uniqueText('Hi, is anyone there?');
    await sendFromWidget(page, text);
    const { conversation } = await agentSees(env().demo, env().agent, text);
    expect(conversation.authenticated).toBe(false);
    await screenshot(page, 'sign-in-failed');
  });

  it('popup: Sign in opens the brand login, the guest conversation continues signed in', async ({
    expect,
  }) => {
    const page = await env().newPage();
    await openBrandPage(page, env().demo, '/popup.html');
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
    const { conversation, messages } = await agentSees(env().demo, env().agent, after);
    expect(conversation.authenticated).toBe(true);
    expect(messages.map((m) => m.text)).toContain(before);
  });

  it('step-up: the agent asks, the guest signs in, the conversation and its messages are kept', async ({
    expect,
  }) => {
    const page = await env().newPage();
    await openBrandPage(page, env().demo, '/step-up.html', 'grace');
    await openWidget(page);
    expect(await authState(page)).toBe('anonymous');
    const guestText = uniqueText('I was charged twice this month');
    await sendFromWidget(page, guestText);
    const { conversation } = await agentSees(env().demo, env().agent, guestText);
    expect(conversation.authenticated).toBe(false);

    const socket = await agentSocket(env().demo, env().agent);
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
    const after = await agentSees(env().demo, env().agent, signedText);
    expect(after.conversation.id).toBe(conversation.id);
    expect(after.conversation.authenticated).toBe(true);
    expect(after.messages.map((m) => m.text)).toEqual(expect.arrayContaining([guestText, signedText]));
    // the guest message is still on screen
    expect(await page.textContent(`${WIDGET} ol`)).toContain(guestText);
  });
}
