import type { ConnectionState } from '@parley/sdk';

/** Where the consumer stands with sign-in; each value is a visible, testable state. */
export type AuthView = 'anonymous' | 'signing-in' | 'signed-in' | 'sign-in-failed' | 'logged-out';

/** Everything the view renders; the one store of the widget (widget.ts owns it). */
export interface WidgetState {
  open: boolean;
  auth: AuthView;
  connection: ConnectionState;
  displayName: string | null;
  /** An agent asked the consumer to sign in (cleared once signed in). */
  authRequested: boolean;
  /** Agent messages that arrived while the window was minimized. */
  unread: number;
  /** Silent renewals of this session in this tab (shown only to assistive tech and tests). */
  renewals: number;
  /** Whether a sign-in method is configured (the Sign in buttons). */
  canSignIn: boolean;
}

/** The state before anything happened: a closed launcher. */
export function initialState(canSignIn: boolean): WidgetState {
  return {
    open: false,
    auth: 'anonymous',
    connection: 'idle',
    displayName: null,
    authRequested: false,
    unread: 0,
    renewals: 0,
    canSignIn,
  };
}
