import type { AuthenticatedSessionResponse, ErrorCode } from '@parley/protocol';
import { ParleyClientError } from './errors.ts';
import { accountUrl, toSessionInfo } from './http.ts';
import type { SessionInfo } from './types.ts';

/** The window the client opened: only messages whose `source` is this object are read. */
export interface PopupWindow {
  readonly closed: boolean;
  location: { href: string } | string;
  close(): void;
}

/** Where `message` events arrive (the page's `window`). */
export interface MessageTarget {
  addEventListener(
    type: 'message',
    listener: (event: { source: unknown; origin: string; data: unknown }) => void,
  ): void;
  removeEventListener(
    type: 'message',
    listener: (event: { source: unknown; origin: string; data: unknown }) => void,
  ): void;
}

export interface PopupOptions {
  /** Opens the (blank) popup; default `window.open(url, 'parley-sign-in', 'popup,width=480,height=640')`. */
  openWindow?: (url: string) => PopupWindow | null;
  /** Default: `globalThis` (the page's window). */
  messageTarget?: MessageTarget;
  /** The page's origin, where Parley posts the result; default `location.origin`. */
  origin?: string;
}

/** What the popup's `/authorize` needs; `anonymousRef` exchanges the anonymous session (step-up). */
export interface AuthorizeInput {
  platformUrl: string;
  account: string;
  connector?: string;
  /** Step-up: returns a one-time reference to the anonymous session (`POST /authorize/anonymous-ref`). */
  anonymousRef?: () => Promise<string>;
}

/**
 * The popup's `/authorize` URL. The one place that knows how the anonymous session reaches the
 * popup (step-up): a one-time reference obtained by POST, never the session token itself, which
 * would stay in the browser history and in logs.
 */
export async function buildAuthorizeUrl(input: AuthorizeInput & { origin: string }): Promise<string> {
  const url = new URL(`${accountUrl(input.platformUrl, input.account)}/authorize`);
  if (input.connector !== undefined) url.searchParams.set('connector', input.connector);
  url.searchParams.set('origin', input.origin);
  if (input.anonymousRef !== undefined) url.searchParams.set('anonymousRef', await input.anonymousRef());
  return url.toString();
}

function defaultOpen(url: string): PopupWindow | null {
  const open = (globalThis as { open?: (url: string, name: string, features: string) => PopupWindow | null })
    .open;
  return open ? open(url, 'parley-sign-in', 'popup,width=480,height=640') : null;
}

/** How often the client looks whether the consumer closed the popup. */
const CLOSED_POLL_MS = 500;

/**
 * Opens the popup synchronously (call from a click handler, or popup blockers refuse it), then
 * navigates it to `/authorize` and waits for its answer. A message counts only when its
 * `source` is the popup this call opened AND its `origin` is the platform's: another window, a
 * frame or another site posting `parley:auth` is ignored.
 */
export function openPopupSignIn(input: AuthorizeInput, options: PopupOptions = {}): Promise<SessionInfo> {
  const popup = (options.openWindow ?? defaultOpen)('about:blank');
  if (!popup)
    return Promise.reject(new ParleyClientError('POPUP_BLOCKED', 'the sign-in window could not open'));
  const target = options.messageTarget ?? (globalThis as unknown as MessageTarget);
  const platformOrigin = new URL(input.platformUrl).origin;
  const origin = options.origin ?? (globalThis as { location?: { origin: string } }).location?.origin ?? '';

  return new Promise<SessionInfo>((resolve, reject) => {
    let closedSeen = false;
    const finish = (done: () => void) => {
      clearInterval(poll);
      target.removeEventListener('message', listener);
      done();
    };
    const listener = (event: { source: unknown; origin: string; data: unknown }) => {
      if (event.source !== popup || event.origin !== platformOrigin) return;
      const data = event.data as { type?: unknown; code?: unknown } | null;
      if (data?.type === 'parley:auth') {
        finish(() => resolve(toSessionInfo(data as unknown as AuthenticatedSessionResponse)));
      } else if (data?.type === 'parley:auth-error') {
        const code = (typeof data.code === 'string' ? data.code : 'STATE_INVALID') as ErrorCode;
        finish(() => reject(new ParleyClientError(code, `sign-in failed: ${code}`)));
      }
    };
    // the result page posts and then closes itself: give its message one more tick to arrive
    const poll = setInterval(() => {
      if (!popup.closed) return;
      if (closedSeen)
        finish(() => reject(new ParleyClientError('POPUP_CLOSED', 'the sign-in window was closed')));
      closedSeen = true;
    }, CLOSED_POLL_MS);
    target.addEventListener('message', listener);
    buildAuthorizeUrl({ ...input, origin }).then(
      (url) => {
        if (typeof popup.location === 'string') popup.location = url;
        else popup.location.href = url;
      },
      (err: unknown) => {
        popup.close();
        finish(() => reject(err));
      },
    );
  });
}
