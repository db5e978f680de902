import { backoffDelay } from './backoff.ts';
import { clockSkewMs } from './clock-skew.ts';
import type { Emitter } from './emitter.ts';
import { toClientError } from './errors.ts';
import { RenewalTimer, renewalDelay } from './renewal.ts';
import type { ClientStore } from './storage.ts';
import type { ParleyEvents, SessionInfo, TokenReason } from './types.ts';

export interface SessionDeps {
  events: Emitter<ParleyEvents>;
  store: ClientStore;
  localNow: () => number;
  renewBeforeMs: number;
  backoff: { minMs: number; maxMs: number };
  /** Renew through the page's `getToken`; absent → the page is told with `tokenNeeded`. */
  renew: ((reason: TokenReason) => Promise<unknown>) | null;
}

/**
 * The consumer's Parley session on this device: stored, renewed before it ends (on Parley's
 * clock), marked over when the server ends it (the token is then never used again), and
 * renewed with backoff when that fails — the conversation is kept meanwhile and the page is
 * told with `tokenNeeded`.
 */
export class SessionKeeper {
  private session: SessionInfo | null = null;
  private over = false;
  /** Parley's clock minus the device's, learnt from each fresh session token. */
  private skewMs = 0;
  private renewing: Promise<void> | null = null;
  /** Bumped by `stop()`: a renewal loop of an older generation ends. */
  private generation = 0;
  private readonly timer: RenewalTimer;

  constructor(private readonly deps: SessionDeps) {
    this.timer = new RenewalTimer(deps.localNow, () => void this.renewOrAsk('expired'));
  }

  get current(): SessionInfo | null {
    return this.session;
  }

  /** Parley's time as far as the device can tell. */
  now(): number {
    return this.deps.localNow() + this.skewMs;
  }

  /** The token a socket may use; null once the server ended it. */
  usableToken(): string | null {
    return this.session && !this.over ? this.session.sessionToken : null;
  }

  /** Not ended by the server and not past `expiresAt`. */
  isLive(): boolean {
    return this.usableToken() !== null && Date.parse(this.session?.expiresAt ?? '') > this.now();
  }

  /** The anonymous session to step up from, while Parley still honours it. */
  liveAnonymousToken(): string | undefined {
    return this.session && !this.session.authenticated && this.isLive()
      ? this.session.sessionToken
      : undefined;
  }

  /** A session read from storage at start (its renewal is scheduled by `schedule()` on connect). */
  restore(session: SessionInfo | null): void {
    if (session && this.session === null) this.session = session;
  }

  set(session: SessionInfo, origin: 'local' | 'adopted'): void {
    // a session from another tab may be minutes old; only fresh ones tell Parley's time
    if (origin === 'local')
      this.skewMs = clockSkewMs(session.sessionToken, this.deps.localNow()) ?? this.skewMs;
    this.session = session;
    this.over = false;
    this.deps.store.write('session', session);
    this.schedule();
    this.deps.events.emit('session', { session, origin });
    this.deps.events.emit('authState', {
      state: session.authenticated ? 'authenticated' : 'anonymous',
      consumerId: session.consumerId,
    });
  }

  /** `auth.ok` names the expiry the server will enforce. */
  confirmed(expiresAt: string): void {
    if (!this.session || this.session.expiresAt === expiresAt) return;
    this.session = { ...this.session, expiresAt };
    this.deps.store.write('session', this.session);
    this.schedule();
  }

  /** Logout (here or in another tab): forget the session. */
  clear(origin: 'local' | 'adopted'): void {
    this.stop();
    this.session = null;
    this.over = false;
    this.deps.events.emit('session', { session: null, origin });
    this.deps.events.emit('authState', { state: 'logged_out' });
  }

  /** The server closed a socket 4401 with `token`: if it is the current session, it is over. */
  ended(token: string): void {
    if (this.session?.sessionToken !== token) return;
    this.over = true;
    this.timer.cancel();
    this.deps.events.emit('authState', { state: 'expired', consumerId: this.session.consumerId });
    void this.renewOrAsk('expired');
  }

  schedule(): void {
    if (!this.session) return this.timer.cancel();
    const delay = renewalDelay(Date.parse(this.session.expiresAt), this.now(), this.deps.renewBeforeMs);
    // tabs sharing a session all hold this timer: a little jitter lets the first one renew and
    // the others adopt its session (adoptSession re-schedules) instead of all asking the brand
    this.timer.schedule(delay - Math.random() * Math.min(5_000, delay / 10));
  }

  /** `session.expiring` from the server. */
  warned(): void {
    if (this.deps.renew) this.timer.warned();
    else this.askForToken('expired');
  }

  /** Stop renewing (close, logout). */
  stop(): void {
    this.generation++;
    this.timer.cancel();
  }

  askForToken(reason: TokenReason, code?: string): void {
    this.deps.events.emit('tokenNeeded', { reason, ...(code === undefined ? {} : { code }) });
  }

  /** Renew through `getToken`, retrying with backoff; without `getToken`, tell the page. */
  renewOrAsk(reason: TokenReason): Promise<void> {
    const renew = this.deps.renew;
    if (!renew) {
      this.askForToken(reason);
      return Promise.resolve();
    }
    this.renewing ??= this.renewLoop(renew, reason).finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewLoop(
    renew: (reason: TokenReason) => Promise<unknown>,
    reason: TokenReason,
  ): Promise<void> {
    const generation = this.generation;
    for (let attempt = 0; generation === this.generation; attempt++) {
      const before = this.session;
      try {
        await renew(reason);
        return;
      } catch (err) {
        // the page supplied a session meanwhile (authenticate(credential), another tab)
        if (this.session !== before && !this.over) return;
        this.askForToken(reason, toClientError(err, 'TOKEN_PROVIDER_FAILED').code);
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, this.deps.backoff)));
      }
    }
  }
}
