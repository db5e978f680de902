import type { AuthOkFrame, ConsumerHistoryResponse, ErrorCode, PkceResponse } from '@parley/protocol';
import { ConversationTracker, type ConversationsSnapshot } from './conversations.ts';
import { SignIn } from './credentials.ts';
import { Emitter } from './emitter.ts';
import { ParleyClientError, toClientError } from './errors.ts';
import { FrameHandler } from './frames.ts';
import { accountUrl, createHttpApi, type HttpApi } from './http.ts';
import { randomId } from './ids.ts';
import { SocketLink } from './link.ts';
import { Outbox, type OutboxItem } from './outbox.ts';
import type { PopupOptions } from './popup.ts';
import { SessionKeeper } from './session.ts';
import { MAX_TEXT } from './wire.ts';
import { ClientStore, defaultStorage } from './storage.ts';
import type {
  ClientState,
  ParleyClient,
  Credential,
  MessageAck,
  ParleyClientOptions,
  ParleyEvents,
  SessionInfo,
  TokenReason,
  WebSocketConstructor,
} from './types.ts';

/**
 * The consumer client of one account: sessions, the socket with resume and an outbox, silent
 * renewal (contract: packages/sdk/README.md, protocol: docs/realtime.md).
 *
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
  private readonly sessions: SessionKeeper;
  private readonly frames: FrameHandler;
  private readonly loaded: Promise<void>;
  private readonly signIn: SignIn;
  /** Bumped by every logout: a sign-in still in flight then must not bring a session back. */
  private logouts = 0;
  private connectWaiters: { resolve(): void; reject(err: ParleyClientError): void }[] = [];

  constructor(private readonly options: ParleyClientOptions) {
    const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketImpl)
      throw new TypeError('no WebSocket: pass the `WebSocket` option (Node 20: the ws package)');
    const backoff = { minMs: options.reconnect?.minMs ?? 500, maxMs: options.reconnect?.maxMs ?? 30_000 };
    this.api = createHttpApi(fetchFn, options.platformUrl, options.account);
    this.signIn = new SignIn(this.api, options);
    this.store = new ClientStore(options.storage ?? defaultStorage(), options.account);
    this.tracker = new ConversationTracker(options.transcriptSize ?? 50);
    this.sessions = new SessionKeeper({
      events: this.events,
      store: this.store,
      localNow: options.now ?? Date.now,
      renewBeforeMs: options.renewBeforeMs ?? 60_000,
      backoff,
      renew: options.getToken ? (reason) => this.authenticateWith(undefined, reason) : null,
    });
    const wsUrl = `${accountUrl(options.platformUrl, options.account).replace(/^http/, 'ws')}/consumer/ws`;
    this.frames = new FrameHandler({
      events: this.events,
      tracker: this.tracker,
      outbox: this.outbox,
      send: (frame) => this.link.send(frame),
      persist: () => this.persistConversations(),
      persistOutbox: () => this.store.write('outbox', this.outbox.list()),
      backoff,
      onAuthRequest: () => this.onAuthRequest(),
      onExpiring: () => this.sessions.warned(),
      onChange: () => this.emitState(),
    });
    this.link = new SocketLink(wsUrl, WebSocketImpl, backoff, {
      token: () => this.sessions.usableToken(),
      authenticated: (frame, first) => this.onAuthenticated(frame, first),
      frame: (frame) => this.frames.handle(frame),
      authRefused: (code, first) => this.onAuthRefused(code, first),
      unauthorized: (token) => {
        this.sessions.ended(token);
        this.emitState();
      },
      state: (connection) => {
        this.events.emit('connection', connection);
        this.emitState();
      },
    });
    this.loaded = this.restore();
  }

  get state(): ClientState {
    const conversationId = this.tracker.current;
    const session = this.sessions.current;
    return {
      ...(session ? { consumerId: session.consumerId, expiresAt: session.expiresAt } : {}),
      authenticated: session?.authenticated ?? false,
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

  pkce(): Promise<PkceResponse> {
    return this.reported(this.signIn.pkce());
  }

  async authenticate(credential?: Credential): Promise<SessionInfo> {
    await this.loaded;
    return this.authenticateWith(credential, undefined);
  }

  /** Step-up when the current session is anonymous; the current session survives any failure. */
  private async authenticateWith(
    credential: Credential | undefined,
    reason?: TokenReason,
  ): Promise<SessionInfo> {
    const anonymousToken = this.sessions.liveAnonymousToken();
    const logouts = this.logouts;
    const why = reason ?? (anonymousToken ? 'step-up' : 'start');
    const session = await this.reported(this.signIn.exchange(credential, why, anonymousToken));
    if (logouts !== this.logouts) throw new ParleyClientError('CLIENT_CLOSED', 'logged out meanwhile');
    this.setSession(session, 'local');
    return session;
  }

  async popupSignIn(options: PopupOptions = {}): Promise<SessionInfo> {
    // opened before any await: popup blockers allow windows opened in the click's own task
    const pending = this.signIn.popup(this.sessions.liveAnonymousToken(), options);
    const session = await this.reported(pending);
    await this.loaded;
    this.setSession(session, 'local');
    return session;
  }

  adoptSession(session: SessionInfo | null): void {
    if (session === null) {
      this.logouts++;
      this.link.stop();
      void this.wipe('adopted');
      return;
    }
    if (session.sessionToken === this.sessions.current?.sessionToken) return;
    this.setSession(session, 'adopted');
  }

  async logout(): Promise<void> {
    await this.loaded;
    const token = this.sessions.current?.sessionToken;
    this.logouts++;
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

  private setSession(session: SessionInfo, origin: 'local' | 'adopted'): void {
    const previous = this.sessions.current;
    // another person on this device (not a step-up, which moves the conversation in place)
    if (previous?.authenticated && previous.consumerId !== session.consumerId) this.forgetConversations();
    this.sessions.set(session, origin);
    this.emitState();
    this.link.sessionChanged();
  }

  private async wipe(origin: 'local' | 'adopted'): Promise<void> {
    this.forgetConversations();
    this.outbox.clear(new ParleyClientError('CLIENT_CLOSED', 'logged out'));
    await this.store.wipe();
    this.sessions.clear(origin);
    this.emitState();
  }

  private forgetConversations(): void {
    this.tracker.reset();
    this.persistConversations();
  }

  private onAuthRequest(): void {
    if (this.options.autoStepUp === false || !this.options.getToken || this.sessions.current?.authenticated)
      return;
    // failures are reported through `error`; the anonymous conversation goes on
    this.authenticateWith(undefined, 'step-up').catch(() => undefined);
  }

  // ------------------------------------------------------------------ socket

  async connect(): Promise<void> {
    await this.loaded;
    if (this.link.state === 'open') return;
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
    const session = this.sessions.current;
    if (this.sessions.isLive()) return this.sessions.schedule();
    if (session && this.options.getToken) await this.authenticateWith(undefined, 'resume');
    else if (session?.authenticated) {
      this.sessions.askForToken('resume');
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
    this.sessions.confirmed(frame.expiresAt);
    const signedIn = this.sessions.current?.authenticated === true;
    if (first) this.frames.socketOpened(signedIn ? () => this.restoreFromHistory() : null);
    for (const waiter of this.connectWaiters.splice(0)) waiter.resolve();
    this.emitState();
  }

  /** A signed-in consumer new on this device: find its open conversation and replay it. */
  private async restoreFromHistory(): Promise<void> {
    const token = this.sessions.usableToken();
    if (token === null) return;
    try {
      this.frames.restore(await this.api.history(token));
    } catch (err) {
      this.events.emit('error', toClientError(err, 'NETWORK_ERROR'));
    }
  }

  close(): void {
    this.sessions.stop();
    this.link.stop();
    for (const waiter of this.connectWaiters.splice(0))
      waiter.reject(new ParleyClientError('CLIENT_CLOSED', 'closed'));
  }

  // ------------------------------------------------------------------ messages

  async send(text: string, options: { conversationId?: string } = {}): Promise<MessageAck> {
    await this.loaded;
    // refused here as the server would refuse it, rather than parked in the outbox
    if (text.length === 0 || text.length > MAX_TEXT)
      throw new ParleyClientError('REQUEST_INVALID', `text must be 1 to ${MAX_TEXT} characters`);
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
    const token = this.sessions.usableToken();
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
    this.sessions.restore(session);
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
