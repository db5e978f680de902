import {
  createParleyClient,
  type Credential,
  type ParleyClient,
  type SessionInfo,
  type TokenContext,
} from '@parley/sdk';
import type { Message } from '@parley/protocol';
import { initialState, type WidgetState } from './state.ts';
import { joinTabs } from './tab-sync.ts';
import { createView } from './view.ts';
import { createIdentityHint } from './identity-hint.ts';
import { displayNames } from './display-names.ts';

/** Widget options: from `Parley.init` or the script tag's data attributes (main.ts). */
export interface WidgetOptions {
  account: string;
  /** Parley's base URL; default the origin `/widget.js` came from. */
  platformUrl: string;
  connector?: string;
  /** The window's heading. */
  title?: string;
  auth?: {
    /** `embedded`: the page gives the credential (`getToken`); `popup`: Parley's `/authorize` window. */
    mode: 'embedded' | 'popup';
    /** Embedded: obtains a brand credential (checked, never stored). */
    getToken?: (ctx: TokenContext) => Promise<Credential>;
    /** The connector uses `pkce`: `ctx.codeChallenge` is Parley's S256 challenge. */
    pkce?: boolean;
    /** `signed-in` (default for embedded): sign in when the window opens; `anonymous`: on request (step-up). */
    startWith?: 'signed-in' | 'anonymous';
  };
  /** Where the widget is attached; default `document.body`. */
  container?: HTMLElement;
}

/** The running widget, behind `window.Parley`. */
export interface Widget {
  open(): void;
  close(): void;
  /** Signs in with the configured method, or with the credential given (after `parley:token-needed`). */
  signIn(credential?: Credential): Promise<void>;
  logout(): Promise<void>;
  identify(hint: { iss: string; sub: string }): Promise<void>;
  /** The SDK client (tests, advanced pages). */
  client: ParleyClient;
  destroy(): void;
}

/** A tab that waited for the sign-in lock found a session another tab just obtained. */
const RENEWED_ELSEWHERE = 'renewed-elsewhere';
/** Another tab's session is used only with at least this much left. */
const USABLE_MS = 5_000;
/** How long a tab that found another's session waits for it to arrive over the channel. */
const ADOPT_WAIT_MS = 3_000;
/** How long a tab holds the sign-in lock after handing over a credential, waiting for the session. */
const LOCK_HOLD_MS = 15_000;

/**
 * The chat window: one store ({@link WidgetState}), one view, one SDK client. Sign-in and
 * renewals run in one tab at a time and are shared with the others (tab-sync.ts); a failed
 * sign-in keeps the anonymous conversation; logout leaves nothing on the device.
 */
export function createWidget(options: WidgetOptions): Widget {
  const auth = options.auth;
  const state: WidgetState = initialState(auth !== undefined);
  const tabs = joinTabs(options.account, (session) => adopt(session));
  let providerOutcome: 'ok' | typeof RENEWED_ELSEWHERE | 'failed' = 'ok';
  let sessionSettled: (() => void) | null = null;
  const client = createParleyClient({
    platformUrl: options.platformUrl,
    account: options.account,
    ...(options.connector ? { connector: options.connector } : {}),
    ...(auth?.mode === 'embedded' && auth.getToken ? { getToken: coordinated(auth.getToken) } : {}),
    pkce: auth?.pkce === true,
    autoStepUp: false,
  });
  const hint = createIdentityHint(options.account);
  const names = displayNames(options.account);
  const view = createView(
    { toggle, signIn: () => void signIn(), signOut: () => void logout(), restart, send },
    options.title ?? 'Chat with us',
  );
  let connecting: Promise<void> | null = null;
  let localIds = 0;
  (options.container ?? document.body).append(view.host);
  wireClient();
  render();

  function render(): void {
    view.render(state);
  }
  function set(patch: Partial<WidgetState>): void {
    Object.assign(state, patch);
    render();
  }

  /** The brand credential, one tab at a time; a tab that waited adopts the other's session. */
  function coordinated(getToken: (ctx: TokenContext) => Promise<Credential>) {
    return (ctx: TokenContext) =>
      new Promise<Credential>((resolve, reject) => {
        void tabs.exclusive(async () => {
          if (ctx.reason !== 'step-up' && renewedElsewhere()) {
            providerOutcome = RENEWED_ELSEWHERE;
            return reject(new Error(RENEWED_ELSEWHERE));
          }
          try {
            resolve(await getToken(ctx));
            providerOutcome = 'ok';
          } catch (err) {
            providerOutcome = 'failed';
            return reject(err);
          }
          // keep the others waiting until this credential became a stored, published session
          await new Promise<void>((done) => {
            sessionSettled = done;
            setTimeout(done, LOCK_HOLD_MS);
          });
        });
      });
  }

  /** Another tab published a session newer than this tab's own (and still usable). */
  function renewedElsewhere(): boolean {
    const mine = Date.parse(client.state.expiresAt ?? '') || 0;
    return tabs.latestExpiry() > Math.max(mine, Date.now() + USABLE_MS);
  }

  /** Resolves once this tab holds a session (adopted from another tab), or after `ms`. */
  function sessionArrived(ms: number): Promise<void> {
    if (client.state.consumerId) return Promise.resolve();
    return new Promise((resolve) => {
      const off = client.on('session', () => (off(), resolve()));
      setTimeout(() => (off(), resolve()), ms);
    });
  }

  function wireClient(): void {
    client.on('message', ({ message }) => onMessage(message));
    client.on('ack', (ack) => view.markDelivered(ack.clientMessageId, { id: ack.messageId, seq: ack.seq }));
    client.on('connection', (connection) => set({ connection }));
    client.on('session', ({ session, origin }) => {
      if (origin === 'local') tabs.publish(session);
      showSession(session, origin === 'local');
      settle();
    });
    client.on('error', () => settle());
    client.on('authRequest', () => set({ authRequested: true, open: true }));
    client.on('tokenNeeded', ({ reason }) => {
      if (providerOutcome === RENEWED_ELSEWHERE) return;
      document.dispatchEvent(
        new CustomEvent('parley:token-needed', { detail: { account: options.account, reason } }),
      );
    });
  }

  function settle(): void {
    sessionSettled?.();
    sessionSettled = null;
  }

  function onMessage(message: Message): void {
    view.showMessage(message);
    if (!state.open && message.from === 'agent') set({ unread: state.unread + 1 });
  }

  /** Renders a session change; a local authenticated one replacing the same consumer's is a silent renewal. */
  function showSession(session: SessionInfo | null, local: boolean): void {
    names.set(session?.authenticated ? (session.displayName ?? null) : null);
    if (session === null) {
      view.clearTranscript();
      set({ auth: 'logged-out', displayName: null, authRequested: false, unread: 0 });
      return;
    }
    if (session.authenticated) {
      const renewal = local && state.auth === 'signed-in' && client.state.consumerId === session.consumerId;
      set({
        auth: 'signed-in',
        displayName: session.displayName ?? state.displayName,
        authRequested: false,
        renewals: state.renewals + (renewal ? 1 : 0),
      });
      void hint.remember(session.consumerId);
      return;
    }
    if (state.auth !== 'sign-in-failed') set({ auth: 'anonymous', displayName: null });
  }

  function adopt(session: SessionInfo | null): void {
    client.adoptSession(session);
    if (session === null) {
      connecting = null;
      hint.forget();
      view.clearTranscript();
      set({ auth: 'logged-out', displayName: null, authRequested: false });
    }
  }

  function toggle(): void {
    if (state.open) return set({ open: false });
    set({ open: true, unread: 0 });
    void start();
  }

  /** First opening: the stored session, else sign-in (embedded) or an anonymous chat. */
  function start(): Promise<void> {
    connecting ??= (async () => {
      const signInFirst = auth?.mode === 'embedded' && auth.startWith !== 'anonymous';
      if (signInFirst) set({ auth: 'signing-in' });
      try {
        if (!signInFirst && !client.state.consumerId) await client.anonymous();
        await client.connect();
      } catch {
        if (providerOutcome === RENEWED_ELSEWHERE) {
          await sessionArrived(ADOPT_WAIT_MS); // another tab signed in meanwhile: use its session
          await client.connect();
        } else {
          set({ auth: 'sign-in-failed' });
          await client.anonymous();
          await client.connect();
        }
      }
      showStoredSession();
      await showEarlierMessages();
    })().catch(() => set({ connection: 'closed' }));
    return connecting;
  }

  /** A session restored from this device's storage emits no event: show it from the client's state. */
  function showStoredSession(): void {
    if (state.auth !== 'signing-in' && state.auth !== 'anonymous') return;
    if (client.state.authenticated) set({ auth: 'signed-in', displayName: names.get() });
    else if (state.auth === 'signing-in') set({ auth: 'anonymous' });
  }

  /** What this device keeps of the conversation; the SDK replays the rest (history on a new device). */
  async function showEarlierMessages(): Promise<void> {
    client.transcript().forEach((m) => view.showMessage(m));
  }

  async function signIn(credential?: Credential): Promise<void> {
    if (!credential && auth === undefined) return;
    set({ auth: 'signing-in', open: true });
    try {
      if (!credential && auth?.mode === 'popup') await client.popupSignIn();
      else await client.authenticate(credential);
      if (state.connection === 'idle') await client.connect();
      await showEarlierMessages();
    } catch {
      set({ auth: 'sign-in-failed' });
    }
  }

  async function logout(): Promise<void> {
    await client.logout().catch(() => undefined); // the device is wiped either way
    view.clearTranscript();
    hint.forget();
    connecting = null;
    set({ auth: 'logged-out', displayName: null, authRequested: false, unread: 0 });
  }

  function restart(): void {
    set({ auth: 'anonymous' });
    connecting = null;
    void start();
  }

  function send(text: string): void {
    // a key for this tab's screen only (crypto.randomUUID needs a secure context; this does not)
    const clientMessageId = `local-${++localIds}`;
    view.showMessage(
      { id: '', seq: 0, from: 'consumer', text, createdAt: new Date().toISOString() },
      { clientMessageId },
    );
    // the SDK picks its own clientMessageId: the ack tells which message this was
    void client.send(text).then(
      (ack) => view.markDelivered(clientMessageId, { id: ack.messageId, seq: ack.seq }),
      () => undefined,
    );
  }

  return {
    open: () => (state.open ? undefined : toggle()),
    close: () => (state.open ? toggle() : undefined),
    signIn,
    logout,
    async identify(identity) {
      // a hint only: it shows this device's own open conversation, it authenticates nobody
      const consumerId = client.state.consumerId;
      if (await hint.matches(identity, consumerId)) return start();
      // announced after this tab signed in: link it to the consumer signed in here
      if (state.auth === 'signed-in' && consumerId) await hint.remember(consumerId);
    },
    client,
    destroy() {
      client.close();
      tabs.close();
      view.host.remove();
    },
  };
}
