/** The agent's session, kept in sessionStorage only: it ends with the tab, never on disk. */
export interface StoredSession {
  account: string;
  email: string;
  agentId: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  token: string;
  expiresAt: string;
}

const KEY = 'parley.workspace.session';

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** The account of the page URL (`/workspace/?account=demo`), if any. */
export function accountFromUrl(): string | null {
  const value = new URLSearchParams(window.location.search).get('account');
  return value && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(value) ? value : null;
}
