import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedSessionResponse } from '@parley/protocol';
import type { MessageTarget, PopupWindow } from '../src/popup.ts';
import { useSdkTestServer } from './harness.ts';

const t = useSdkTestServer();

type Listener = Parameters<MessageTarget['addEventListener']>[1];

/** The page's window as the client sees it: its `message` listeners, and a popup it can open. */
function pageWindow() {
  const listeners = new Set<Listener>();
  const popup: PopupWindow & { location: { href: string } } = {
    closed: false,
    location: { href: '' },
    close() {
      (this as { closed: boolean }).closed = true;
    },
  };
  const opened: string[] = [];
  return {
    popup,
    opened,
    target: {
      addEventListener: (_type: 'message', listener: Listener) => void listeners.add(listener),
      removeEventListener: (_type: 'message', listener: Listener) => void listeners.delete(listener),
    } satisfies MessageTarget,
    openWindow: (url: string) => {
      opened.push(url);
      return popup;
    },
    post: (event: { source: unknown; origin: string; data: unknown }) => {
      for (const listener of [...listeners]) listener(event);
    },
    listeners,
  };
}

/** A real authenticated session, as Parley's callback page would post it. */
async function realSession(sub: string): Promise<AuthenticatedSessionResponse> {
  const res = await fetch(`${t.platformUrl}/v1/accounts/acme/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idToken: await t.mint({ sub }) }),
  });
  return (await res.json()) as AuthenticatedSessionResponse;
}

/** A client with an anonymous session that starts a popup sign-in in a fresh page window. */
async function popupSignInFromAnonymous(origin: string) {
  const client = t.client();
  const anonymous = await client.anonymous();
  const page = pageWindow();
  const signedIn = client.popupSignIn({ openWindow: page.openWindow, messageTarget: page.target, origin });
  return { client, anonymous, page, signedIn };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('popup sign-in', () => {
  it('opens /authorize (step-up from the anonymous session) and accepts only the popup, from Parley', async () => {
    const { client, anonymous, page, signedIn } = await popupSignInFromAnonymous('https://www.acme.example');
    expect(page.opened).toEqual(['about:blank']);
    await vi.waitFor(() => expect(page.popup.location.href).toMatch(/^http/));
    const url = new URL(page.popup.location.href);
    expect(`${url.origin}${url.pathname}`).toBe(`${t.platformUrl}/v1/accounts/acme/authorize`);
    expect(url.searchParams.get('origin')).toBe('https://www.acme.example');
    // the session token never travels in a URL: a one-time reference stands for it
    expect(url.searchParams.get('anonymousSessionToken')).toBeNull();
    expect(url.searchParams.get('anonymousRef')).toMatch(/^[\w-]{20,}$/);
    expect(page.popup.location.href).not.toContain(anonymous.sessionToken);

    const forged = { type: 'parley:auth', ...(await realSession('attacker')) };
    // another window (a frame, another popup) posting from Parley's origin: ignored
    page.post({ source: {}, origin: t.platformUrl, data: forged });
    // the popup, but navigated elsewhere (another origin): ignored
    page.post({ source: page.popup, origin: 'https://evil.example', data: forged });
    await tick();
    expect(client.state).toMatchObject({ consumerId: anonymous.consumerId, authenticated: false });

    const genuine = await realSession('popup-user');
    page.post({ source: page.popup, origin: t.platformUrl, data: { type: 'parley:auth', ...genuine } });
    const session = await signedIn;
    expect(session).toMatchObject({ consumerId: genuine.consumerId, authenticated: true });
    expect(client.state).toMatchObject({ consumerId: genuine.consumerId, authenticated: true });
    expect(page.listeners.size).toBe(0);
  });

  it('reports the catalogue code of a failed popup and keeps the anonymous session', async () => {
    const { client, anonymous, page, signedIn } = await popupSignInFromAnonymous('x');
    await tick();
    page.post({
      source: page.popup,
      origin: t.platformUrl,
      data: { type: 'parley:auth-error', code: 'STATE_INVALID' },
    });
    await expect(signedIn).rejects.toMatchObject({ code: 'STATE_INVALID' });
    expect(client.state).toMatchObject({ consumerId: anonymous.consumerId, authenticated: false });
  });

  it('rejects POPUP_BLOCKED when no window opens and POPUP_CLOSED when the consumer closes it', async () => {
    const client = t.client();
    await expect(client.popupSignIn({ openWindow: () => null, origin: 'x' })).rejects.toMatchObject({
      code: 'POPUP_BLOCKED',
    });
    const page = pageWindow();
    const signedIn = client.popupSignIn({
      openWindow: page.openWindow,
      messageTarget: page.target,
      origin: 'x',
    });
    page.popup.close();
    await expect(signedIn).rejects.toMatchObject({ code: 'POPUP_CLOSED' });
    expect(page.listeners.size).toBe(0);
  });
});
