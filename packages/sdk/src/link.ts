import type { AuthOkFrame, ConsumerClientFrame, ConsumerServerFrame } from '@parley/protocol';
import { backoffDelay } from './backoff.ts';
import { CLOSE_NORMAL, CLOSE_UNAUTHORIZED, CLOSE_UNKNOWN_ACCOUNT } from './wire.ts';
import type { ConnectionState, WebSocketConstructor, WebSocketLike } from './types.ts';

/** What the socket asks of the client that owns it. */
export interface LinkHooks {
  /** The session token to authenticate with; null while no usable session exists. */
  token(): string | null;
  /** `auth.ok`; `first` on a new socket (resume and flush then), false on a re-auth. */
  authenticated(frame: AuthOkFrame, first: boolean): void;
  frame(frame: ConsumerServerFrame): void;
  /**
   * `auth` was answered with an error: on a new socket (`first`) the server closes it next; on a
   * re-auth the socket keeps its older session.
   */
  authRefused(code: string, first: boolean): void;
  /** The socket closed 4401 with `token`: that session is over (expired, revoked, logged out). */
  unauthorized(token: string): void;
  state(state: ConnectionState): void;
}

const OPEN = 1;
/** A socket without `auth.ok` this long (a black-holed network) is dropped and retried. */
const OPEN_TIMEOUT_MS = 15_000;
/** The close code the client reports for a connection that vanished without a close frame. */
const ABNORMAL = 1006;

/**
 * One consumer WebSocket at a time, reconnected with backoff + full jitter until `stop()`.
 * The token goes in the first frame (`auth`), never in the URL. A socket that closes 4401 is
 * not retried with the same token: the owner first obtains a new session.
 */
export class SocketLink {
  private ws: WebSocketLike | null = null;
  private generation = 0;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private openTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private authedToken: string | null = null;
  private pendingAuth: { id: string; token: string; first: boolean } | null = null;
  private authCounter = 0;
  private connection: ConnectionState = 'idle';

  constructor(
    private readonly url: string,
    private readonly WebSocketImpl: WebSocketConstructor,
    private readonly backoff: { minMs: number; maxMs: number },
    private readonly hooks: LinkHooks,
  ) {}

  get state(): ConnectionState {
    return this.connection;
  }

  /** Open (or keep) the socket; no-op when already running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    onlineTarget()?.addEventListener('online', this.backOnline);
    this.open();
  }

  /** The browser says the network is back: skip the rest of the backoff. */
  private readonly backOnline = (): void => {
    if (this.timer === null) return;
    this.clearTimer();
    this.open();
  };

  /** Close for good (until the next `start()`). */
  stop(): void {
    this.running = false;
    onlineTarget()?.removeEventListener('online', this.backOnline);
    this.clearTimer();
    this.clearOpenTimer();
    this.drop(CLOSE_NORMAL);
    this.setState('closed');
  }

  /** A new session exists: re-authenticate the open socket, or reconnect at once if waiting. */
  sessionChanged(): void {
    if (!this.running) return;
    const token = this.hooks.token();
    if (token === null || token === this.authedToken) return;
    if (this.ws && this.ws.readyState === OPEN && this.authedToken !== null)
      return this.sendAuth(token, false);
    if (this.ws === null) {
      this.clearTimer();
      this.open();
    }
  }

  /** Close the current socket and open a new one now (e.g. a refused re-auth). */
  reconnectNow(): void {
    if (!this.running) return;
    this.drop(CLOSE_NORMAL);
    this.clearTimer();
    this.clearOpenTimer();
    this.open();
  }

  /** Send on the authenticated socket; false when there is none (the caller keeps the frame). */
  send(frame: ConsumerClientFrame): boolean {
    if (!this.ws || this.ws.readyState !== OPEN || this.authedToken === null) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    const token = this.hooks.token();
    if (token === null) return this.setState('reconnecting'); // waits for sessionChanged()
    this.setState(this.attempt === 0 && this.connection !== 'reconnecting' ? 'connecting' : 'reconnecting');
    const generation = ++this.generation;
    const ws = new this.WebSocketImpl(this.url);
    this.ws = ws;
    this.authedToken = null;
    const mine = () => generation === this.generation;
    this.openTimer = setTimeout(() => {
      if (!mine() || this.authedToken !== null) return;
      this.drop(CLOSE_NORMAL);
      this.closed(ABNORMAL, token);
    }, OPEN_TIMEOUT_MS);
    ws.onopen = () => {
      if (mine()) this.sendAuth(token, true);
    };
    ws.onmessage = (event) => {
      if (mine()) this.receive(String(event.data));
    };
    ws.onclose = (event) => {
      if (mine()) this.closed(event.code, token);
    };
    ws.onerror = () => {
      // a close event always follows; it decides what to do
    };
  }

  private sendAuth(token: string, first: boolean): void {
    const id = `auth-${++this.authCounter}`;
    this.pendingAuth = { id, token, first };
    this.ws?.send(JSON.stringify({ type: 'auth', token, id }));
  }

  private receive(text: string): void {
    let frame: ConsumerServerFrame;
    try {
      frame = JSON.parse(text) as ConsumerServerFrame;
    } catch {
      return;
    }
    const pending = this.pendingAuth;
    if (frame.type === 'auth.ok' && pending && frame.id === pending.id) {
      this.pendingAuth = null;
      this.authedToken = pending.token;
      if (pending.first) {
        this.clearOpenTimer();
        this.attempt = 0;
        this.setState('open');
      }
      this.hooks.authenticated(frame, pending.first);
      // a newer session may have arrived while this auth was in flight
      return this.sessionChanged();
    }
    if (frame.type === 'error' && pending && frame.id === pending.id) {
      this.pendingAuth = null;
      return this.hooks.authRefused(frame.code, pending.first);
    }
    this.hooks.frame(frame);
  }

  private closed(code: number, token: string): void {
    this.clearOpenTimer();
    this.ws = null;
    this.authedToken = null;
    this.pendingAuth = null;
    if (!this.running) return;
    if (code === CLOSE_UNAUTHORIZED) this.hooks.unauthorized(token);
    if (code === CLOSE_UNKNOWN_ACCOUNT) return this.stop(); // unknown account: retrying cannot help
    // a session replaced meanwhile (renewal, step-up, another tab) reconnects at once
    const fresh = this.hooks.token();
    if (fresh !== null && fresh !== token) return this.open();
    this.setState('reconnecting');
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.open();
      },
      backoffDelay(this.attempt++, this.backoff),
    );
  }

  private drop(code: number): void {
    const ws = this.ws;
    this.ws = null;
    this.authedToken = null;
    this.pendingAuth = null;
    this.generation++;
    if (ws) {
      try {
        ws.close(code);
      } catch {
        // already closing
      }
    }
  }

  private clearOpenTimer(): void {
    if (this.openTimer !== null) clearTimeout(this.openTimer);
    this.openTimer = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.hooks.state(state);
  }
}

/** The page's window in a browser; undefined in Node and React Native. */
function onlineTarget(): Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined {
  const target = globalThis as Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>>;
  return typeof target.addEventListener === 'function' && typeof target.removeEventListener === 'function'
    ? (target as Pick<EventTarget, 'addEventListener' | 'removeEventListener'>)
    : undefined;
}
