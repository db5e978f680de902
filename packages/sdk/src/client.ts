import type { AuthOkFrame, ConsumerHistoryResponse, ErrorCode, PkceResponse } from '@parley/protocol';
import { backoffDelay } from './backoff.ts';
import { clockSkewMs } from './clock-skew.ts';
import { ConversationTracker, type ConversationsSnapshot } from './conversations.ts';
import { authenticateBody, obtainCredential, withPkceTransaction } from './credentials.ts';
import { Emitter } from './emitter.ts';
import { ParleyClientError, toClientError } from './errors.ts';
import { FrameHandler } from './frames.ts';
import { accountUrl, createHttpApi, type HttpApi } from './http.ts';
import { randomId } from './ids.ts';
import { SocketLink } from './link.ts';
import { Outbox, type OutboxItem } from './outbox.ts';
import { openPopupSignIn, type PopupOptions } from './popup.ts';
import { RenewalTimer, renewalDelay } from './renewal.ts';
import { ClientStore, defaultStorage } from './storage.ts';
import type {
  ClientState,
  Credential,
  MessageAck,
  ParleyClientOptions,
  ParleyEvents,
  SessionInfo,
  TokenReason,
  WebSocketConstructor,
} from './types.ts';

/** The consumer client; see the package README for the contract of every member. */
export interface ParleyClient {
  readonly state: ClientState;
  anonymous(): Promise<SessionInfo>;
  authenticate(credential?: Credential): Promise<SessionInfo>;
  pkce(): Promise<PkceResponse>;
  popupSignIn(options?: PopupOptions): Promise<SessionInfo>;
  connect(): Promise<void>;
  close(): void;
  send(text: string, options?: { conversationId?: string }): Promise<MessageAck>;
  read(conversationId: string, seq: number): void;
  typing(conversationId?: string): void;
  transcript(conversationId?: string): ReturnType<ConversationTracker['transcript']>;
  history(): Promise<ConsumerHistoryResponse>;
  adoptSession(session: SessionInfo | null): void;
  logout(): Promise<void>;
  on<K extends keyof ParleyEvents>(event: K, handler: (payload: ParleyEvents[K]) => void): () => void;
}

/**
 * @example
 * ```ts
 * const client = createParleyClient({ platformUrl: 'https://parley.example', account: 'acme' });
 * await client.connect();
 * await client.send('Hello');
 * ```
 */
export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  return new Client(options);
}

class Client implements ParleyClient {
  private readonly events = new Emitter<ParleyEvents>();
  private readonly api: HttpApi;
  private readonly store: ClientStore;
  private readonly link: SocketLink;
  private readonly tracker: ConversationTracker;
  private readonly outbox = new Outbox();
  private readonly renewal: RenewalTimer;
  private readonly frames: FrameHandler;
  private readonly localNow: () => number;
  /** Parley's clock minus the device's, learnt from each fresh session token. */
  private skewMs = 0;
  private readonly backoff: { minMs: number; maxMs: number };
  private readonly loaded: Promise<void>;
  private session: SessionInfo | null = null;
  /** The server ended the session (4401): its token is not used again. */
  private sessionOver = false;
  private renewing: Promise<void> | null = null;
  private lastPkceTransaction: string | undefined;
  /** Bumped by close() and logout(): loops of an older epoch stop. */
  private epoch = 0;
  private connectWaiters: { resolve(): void; reject(err: ParleyClientError): void }[] = [];

  constructor(private readonly options: ParleyClientOptions) {
    const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketImpl)
      throw new TypeError('no WebSocket: pass the `WebSocket` option (Node 20: the ws package)');
    this.localNow = options.now ?? Date.now;
    this.backoff = { minMs: options.reconnect?.minMs ?? 500, maxMs: options.reconnect?.maxMs ?? 30_000 };
    this.api = createHttpApi(fetchFn, options.platformUrl, options.account);
    this.store = new ClientStore(options.storage ?? defaultStorage(), options.account);
    this.tracker = new ConversationTracker(options.transcriptSize ?? 50);
    this.renewal = new RenewalTimer(this.localNow, () => void this.renewOrAsk('expired'));
    const wsUrl = `${accountUrl(options.platformUrl, options.account).replace(/^http/, 'ws')}/consumer/ws`;
    this.frames = new FrameHandler({
      events: this.events,
      tracker: this.tracker,
      outbox: this.outbox,
      send: (frame) => this.link.send(frame),
      persist: () => this.persistConversations(),
      persistOutbox: () => this.store.write('outbox', this.outbox.list()),
      backoff: this.backoff,
      onAuthRequest: () => this.onAuthRequest(),
      onExpiring: () => (this.options.getToken ? this.renewal.warned() : this.askForToken('expired')),
      onChange: () => this.emitState(),
    });
    this.link = new SocketLink(wsUrl, WebSocketImpl, this.backoff, {
      token: () => this.usableToken(),
      authenticated: (frame, first) => this.onAuthenticated(frame, first),
      frame: (frame) => this.frames.handle(frame),
      authRefused: (code, first) => this.onAuthRefused(code, first),
      unauthorized: (token) => this.onUnauthorized(token),
      state: (connection) => {
        this.events.emit('connection', connection);
        this.emitState();
      },
    });
    this.loaded = this.restore();
  }

  get state(): ClientState {
    const conversationId = this.tracker.current;
    return {
      ...(this.session ? { consumerId: this.session.consumerId, expiresAt: this.session.expiresAt } : {}),
      authenticated: this.session?.authenticated ?? false,
      connection: this.link.state,
      ...(conversationId === undefined ? {} : { conversationId }),
      lastSeq: this.tracker.lastSeq(conversationId),
    };
  }

  on<K extends keyof ParleyEvents>(event: K, handler: (payload: ParleyEvents[K]) => void): () => void {
    return this.events.on(event, handler);
  }

  // ------------------------------------------------------------------ sessions

  async anonymous(): Promise<SessionInfo> {
    await this.loaded;
    const session = await this.reported(this.api.anonymous());
    this.setSession(session, 'local');
    return session;
  }

  async pkce(): Promise<PkceResponse> {
    const transaction = await this.reported(this.api.pkce(this.options.connector));
    this.lastPkceTransaction = transaction.transaction;
    return transaction;
  }

  async authenticate(credential?: Credential): Promise<SessionInfo> {
    await this.loaded;
    return this.authenticateWith(credential, undefined);
  }

  /** Step-up when the current session is anonymous; the current session survives any failure. */
  private async authenticateWith(
    credential: Credential | undefined,
    reason: TokenReason | undefined,
  ): Promise<SessionInfo> {
    const anonymousToken = this.liveAnonymousToken();
    const why = reason ?? (anonymousToken ? 'step-up' : 'start');
    const session = await this.reported(
      (async () => {
        const cred = credential
          ? withPkceTransaction(credential, this.lastPkceTransaction)
          : await obtainCredential(this.options, why, () => this.pkce());
        return this.api.authenticate(authenticateBody(cred, this.options.connector, anonymousToken));
      })(),
    );
    this.lastPkceTransaction = undefined;
    this.setSession(session, 'local');
    return session;
  }

  async popupSignIn(options: PopupOptions = {}): Promise<SessionInfo> {
    const anonymousToken = this.liveAnonymousToken();
    // opened before any await: popup blockers allow windows opened in the click's own task
    const pending = openPopupSignIn(
      {
        platformUrl: this.options.platformUrl,
        account: this.options.account,
        ...(this.options.connector === undefined ? {} : { connector: this.options.connector }),
        ...(anonymousToken === undefined ? {} : { anonymousSessionToken: anonymousToken }),
      },
      options,
    );
    const session = await this.reported(pending);
    await this.loaded;
    this.setSession(session, 'local');
    return session;
  }

  adoptSession(session: SessionInfo | null): void {
    if (session === null) {
      this.link.stop();
      void this.wipe('adopted');
      return;
    }
    if (session.sessionToken === this.session?.sessionToken) return;
    this.setSession(session, 'adopted');
  }

  async logout(): Promise<void> {
    await this.loaded;
    const token = this.session?.sessionToken;
    this.epoch++;
    this.link.stop();
    let failure: ParleyClientError | null = null;
    if (token !== undefined) {
      try {
        await this.api.logout(token);
      } catch (err) {
        const error = toClientError(err, 'NETWORK_ERROR');
        // an already ended session is logged out anyway
        if (error.code !== 'SESSION_INVALID') failure = error;
      }
    }
    // shared devices: nothing of this consumer stays, even when the server could not be reached
    await this.wipe('local');
    if (failure) {
      this.events.emit('error', failure);
      throw failure;
    }
  }

  /** Parley's time as far as the client can tell. */
  private now(): number {
    return this.localNow() + this.skewMs;
  }

  private setSession(session: SessionInfo, origin: 'local' | 'adopted'): void {
    const previous = this.session;
    // a session from another tab may be minutes old; only fresh ones tell Parley's time
    if (origin === 'local') this.skewMs = clockSkewMs(session.sessionToken, this.localNow()) ?? this.skewMs;
    // another person on this device (not a step-up, which moves the conversation in place)
    if (previous?.authenticated && previous.consumerId !== session.consumerId) this.forgetConversations();
    this.session = session;
    this.sessionOver = false;
    this.store.write('session', session);
    this.scheduleRenewal();
    this.events.emit('session', { session, origin });
    this.events.emit('authState', {
      state: session.authenticated ? 'authenticated' : 'anonymous',
      consumerId: session.consumerId,
    });
    this.emitState();
    this.link.sessionChanged();
  }

  private async wipe(origin: 'local' | 'adopted'): Promise<void> {
    this.renewal.cancel();
    this.session = null;
    this.sessionOver = false;
    this.forgetConversations();
    this.outbox.clear(new ParleyClientError('CLIENT_CLOSED', 'logged out'));
    await this.store.wipe();
    this.events.emit('session', { session: null, origin });
    this.events.emit('authState', { state: 'logged_out' });
    this.emitState();
  }

  private forgetConversations(): void {
    this.tracker.reset();
    this.persistConversations();
  }

  /** The anonymous session to step up from, while the server still honours it. */
  private liveAnonymousToken(): string | undefined {
    const session = this.session;
    if (!session || session.authenticated || this.sessionOver) return undefined;
    return Date.parse(session.expiresAt) > this.now() ? session.sessionToken : undefined;
  }

  private usableToken(): string | null {
    return this.session && !this.sessionOver ? this.session.sessionToken : null;
  }

  // ------------------------------------------------------------------ renewal

  private scheduleRenewal(): void {
    if (!this.session) return this.renewal.cancel();
    this.renewal.schedule(
      renewalDelay(Date.parse(this.session.expiresAt), this.now(), this.options.renewBeforeMs ?? 60_000),
    );
  }

  private askForToken(reason: TokenReason, code?: string): void {
    this.events.emit('tokenNeeded', { reason, ...(code === undefined ? {} : { code }) });
  }

  /** Renew through `getToken`, retrying with backoff; without `getToken`, tell the page. */
  private renewOrAsk(reason: TokenReason): Promise<void> {
    if (!this.options.getToken) {
      this.askForToken(reason);
      return Promise.resolve();
    }
    this.renewing ??= this.renewLoop(reason).finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewLoop(reason: TokenReason): Promise<void> {
    const epoch = this.epoch;
    for (let attempt = 0; epoch === this.epoch; attempt++) {
      const before = this.session;
      try {
        await this.authenticateWith(undefined, reason);
        return;
      } catch (err) {
        // the page supplied a session meanwhile (authenticate(credential), another tab)
        if (this.session !== before && !this.sessionOver) return;
        this.askForToken(reason, toClientError(err, 'TOKEN_PROVIDER_FAILED').code);
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, this.backoff)));
      }
    }
  }

  private onUnauthorized(token: string): void {
    if (this.session?.sessionToken !== token) return;
    this.sessionOver = true;
    this.renewal.cancel();
    this.events.emit('authState', { state: 'expired', consumerId: this.session.consumerId });
    this.emitState();
    void this.renewOrAsk('expired');
  }

  private onAuthRequest(): void {
    if (this.options.autoStepUp === false || !this.options.getToken || this.session?.authenticated) return;
    // failures are reported through `error`; the anonymous conversation goes on
    this.authenticateWith(undefined, 'step-up').catch(() => undefined);
  }

  // ------------------------------------------------------------------ socket

  async connect(): Promise<void> {
    await this.loaded;
    if (this.link.state === 'open') return;
    this.epoch++;
    await this.ensureSession();
    const opened = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    this.link.start();
    return opened;
  }

  private onAuthRefused(code: string, first: boolean): void {
    const error = new ParleyClientError(code as ErrorCode, `Parley refused the session: ${code}`);
    this.events.emit('error', error);
    // a refused re-auth (another consumer, not a step-up): a new socket takes the new session
    if (!first) return this.link.reconnectNow();
    for (const waiter of this.connectWaiters.splice(0)) waiter.reject(error);
  }

  /** A usable session: the stored one, a renewed one (`resume`), a new one (`start`), or anonymous. */
  private async ensureSession(): Promise<void> {
    const session = this.session;
    if (session && !this.sessionOver && Date.parse(session.expiresAt) > this.now())
      return this.scheduleRenewal();
    if (session && this.options.getToken) await this.authenticateWith(undefined, 'resume');
    else if (session?.authenticated) {
      this.askForToken('resume');
      throw new ParleyClientError(
        'TOKEN_PROVIDER_FAILED',
        'the session expired and no getToken can renew it',
      );
    } else if (this.options.getToken) await this.authenticateWith(undefined, 'start');
    else {
      // an expired anonymous session cannot be resumed: its conversation is gone with it
      if (session) this.forgetConversations();
      await this.anonymous();
    }
  }

  private onAuthenticated(frame: AuthOkFrame, first: boolean): void {
    if (this.session && frame.expiresAt !== this.session.expiresAt) {
      this.session = { ...this.session, expiresAt: frame.expiresAt };
      this.scheduleRenewal();
    }
    if (first)
      this.frames.socketOpened(this.session?.authenticated === true ? () => this.restoreFromHistory() : null);
    for (const waiter of this.connectWaiters.splice(0)) waiter.resolve();
    this.emitState();
  }

  /** A signed-in consumer new on this device: find its open conversation and replay it. */
  private async restoreFromHistory(): Promise<void> {
    const token = this.usableToken();
    if (token === null) return;
    try {
      this.frames.restore(await this.api.history(token));
    } catch (err) {
      this.events.emit('error', toClientError(err, 'NETWORK_ERROR'));
    }
  }

  close(): void {
    this.epoch++;
    this.renewal.cancel();
    this.link.stop();
    for (const waiter of this.connectWaiters.splice(0))
      waiter.reject(new ParleyClientError('CLIENT_CLOSED', 'closed'));
  }

  // ------------------------------------------------------------------ messages

  async send(text: string, options: { conversationId?: string } = {}): Promise<MessageAck> {
    await this.loaded;
    const item: OutboxItem = {
      clientMessageId: randomId(),
      text,
      ...(options.conversationId === undefined ? {} : { conversationId: options.conversationId }),
    };
    const acked = this.outbox.add(item);
    this.store.write('outbox', this.outbox.list());
    this.link.send(this.outbox.frame(item));
    return acked;
  }

  read(conversationId: string, seq: number): void {
    this.link.send({ type: 'read', conversationId, seq });
  }

  typing(conversationId?: string): void {
    this.link.send({ type: 'typing', ...(conversationId === undefined ? {} : { conversationId }) });
  }

  transcript(conversationId?: string) {
    return this.tracker.transcript(conversationId ?? this.tracker.current);
  }

  async history(): Promise<ConsumerHistoryResponse> {
    await this.loaded;
    const token = this.usableToken();
    if (token === null) throw new ParleyClientError('SESSION_INVALID', 'no session');
    return this.reported(this.api.history(token));
  }

  // ------------------------------------------------------------------ plumbing

  private async restore(): Promise<void> {
    const [session, conversations, outbox] = await Promise.all([
      this.store.read<SessionInfo>('session'),
      this.store.read<ConversationsSnapshot>('conversations'),
      this.store.read<OutboxItem[]>('outbox'),
    ]);
    if (session && this.session === null) this.session = session;
    if (this.tracker.current === undefined) this.tracker.restore(conversations);
    this.outbox.restore(outbox);
  }

  private persistConversations(): void {
    this.store.write('conversations', this.tracker.snapshot());
  }

  /** Awaits `work`; a failure is emitted as `error` and rethrown as a {@link ParleyClientError}. */
  private async reported<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      const error = toClientError(err, 'NETWORK_ERROR');
      this.events.emit('error', error);
      throw error;
    }
  }

  private emitState(): void {
    this.events.emit('state', this.state);
  }
}
