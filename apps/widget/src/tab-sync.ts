import type { SessionInfo } from '@parley/sdk';

/** What one tab tells the others of the same account. */
type TabMessage = { type: 'session'; session: SessionInfo | null };

/** Tabs of one browser sharing one session (BroadcastChannel + Web Locks). */
export interface TabSync {
  /** Tells the other tabs about a session this tab obtained, renewed, or ended (null). */
  publish(session: SessionInfo | null): void;
  /**
   * Runs `task` while no other tab of this account runs one: a sign-in or renewal happens in one
   * tab at a time, the others adopt its result instead of calling the brand method again.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** When the last session any tab of this account published expires (ms since epoch), or 0. */
  latestExpiry(): number;
  close(): void;
}

/**
 * Joins the account's tab group: `onSession` receives what the other tabs publish. The latest
 * expiry is kept in localStorage (not the session itself: the SDK stores that) so a tab that
 * waited for the lock sees at once that another one renewed.
 */
export function joinTabs(account: string, onSession: (session: SessionInfo | null) => void): TabSync {
  const name = `parley:${account}:tabs`;
  const expiryKey = `parley:${account}:widget:latest-expiry`;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
  channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    if (event.data?.type === 'session') onSession(event.data.session);
  });
  const storage = safeLocalStorage();
  return {
    publish(session) {
      if (session) storage?.setItem(expiryKey, String(Date.parse(session.expiresAt)));
      else storage?.removeItem(expiryKey);
      channel?.postMessage({ type: 'session', session } satisfies TabMessage);
    },
    exclusive<T>(task: () => Promise<T>): Promise<T> {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      return locks ? (locks.request(`${name}:sign-in`, task) as Promise<T>) : task();
    },
    latestExpiry: () => Number(storage?.getItem(expiryKey) ?? 0) || 0,
    close: () => channel?.close(),
  };
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // third-party storage blocked: tabs then renew on their own
    return null;
  }
}
