import type {
  ConsumerHistoryResponse,
  ConsumerAuthState,
  PkceResponse,
  Conversation,
  Message,
  ReadEventFrame,
  TypingEventFrame,
} from '@parley/protocol';
import type { ParleyClientError } from './errors.ts';
import type { KeyValueStorage } from './storage.ts';
import type { PopupOptions } from './popup.ts';

/** A brand credential, used once for `POST /authenticate` and never stored. */
export type Credential =
  | { idToken: string }
  | { code: string; redirectUri?: string; pkceTransaction?: string; codeVerifier?: string };

/** Why the client asks the brand for a credential (docs/realtime.md, Continuity and step-up). */
export type TokenReason = 'start' | 'resume' | 'expired' | 'step-up';

/** What `getToken` is told: the LivePerson-compatible context object of the widget. */
export interface TokenContext {
  reason: TokenReason;
  accountId: string;
  connector?: string;
  /** With `pkce: true`: the S256 challenge of a Parley PKCE transaction. */
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
}

/** A Parley consumer session as the client keeps it. */
export interface SessionInfo {
  consumerId: string;
  sessionToken: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
  authenticated: boolean;
  displayName?: string | null;
}

export interface MessageAck {
  clientMessageId: string;
  conversationId: string;
  messageId: string;
  seq: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ClientState {
  consumerId?: string;
  authenticated: boolean;
  expiresAt?: string;
  connection: ConnectionState;
  /** The current (latest open) conversation. */
  conversationId?: string;
  /** Highest `seq` delivered in the current conversation. */
  lastSeq: number;
}

/** The constructor of a WHATWG WebSocket (browsers, React Native, the `ws` package). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/**
 * A handler property checked bivariantly (as method parameters are), so the browser's, React
 * Native's and the `ws` package's WebSocket all fit although their event types differ.
 */
type Handler<E> = { bivariant(event: E): void }['bivariant'];

/** The part of the WHATWG WebSocket the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<never> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number }> | null;
  onerror: Handler<never> | null;
}

export interface ParleyClientOptions {
  /** Parley base URL, e.g. `https://parley.example`. */
  platformUrl: string;
  account: string;
  connector?: string;
  /** Pull-style credential provider; see README. */
  getToken?: (ctx: TokenContext) => Promise<Credential> | Credential;
  /** The connector uses a Parley PKCE transaction: `/pkce` is called before `getToken`. */
  pkce?: boolean;
  storage?: KeyValueStorage;
  WebSocket?: WebSocketConstructor;
  fetch?: typeof fetch;
  reconnect?: { minMs?: number; maxMs?: number };
  /** Renew this long before `expiresAt` (default 60000; at least half-way through a short session). */
  renewBeforeMs?: number;
  /** Messages per conversation kept in the transcript cache (default 50). */
  transcriptSize?: number;
  /** Call `getToken({ reason: 'step-up' })` on `auth.request` (default true). */
  autoStepUp?: boolean;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

export interface ParleyEvents {
  message: { conversationId: string; message: Message };
  ack: MessageAck;
  conversation: { type: 'opened' | 'assigned' | 'closed' | 'restored'; conversation: Conversation };
  session: { session: SessionInfo | null; origin: 'local' | 'adopted' };
  authState: { state: ConsumerAuthState; consumerId?: string };
  authRequest: { conversationId: string };
  tokenNeeded: { reason: TokenReason; code?: string };
  connection: ConnectionState;
  typing: TypingEventFrame;
  read: ReadEventFrame;
  error: ParleyClientError;
  state: ClientState;
}

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
  transcript(conversationId?: string): Message[];
  history(): Promise<ConsumerHistoryResponse>;
  adoptSession(session: SessionInfo | null): void;
  logout(): Promise<void>;
  on<K extends keyof ParleyEvents>(event: K, handler: (payload: ParleyEvents[K]) => void): () => void;
}
