import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { isParleyError, type EventBus, type EventHandler } from '@parley/core';
import {
  WS_CLOSE,
  type ClientFrame,
  type ClientFrameType,
  type ErrorCode,
  type MessageCreatedFrame,
  type ServerFrame,
} from '@parley/protocol';
import type { RealtimeMetrics, SocketRole } from '../plugins/realtime-metrics.ts';
import type { RealtimeOptions } from './realtime-options.ts';
import { createTokenBucket } from './token-bucket.ts';
import { parseClientFrame } from './validate-frame.ts';

/**
 * Frames a client may pipeline after `auth`, before `auth.ok` arrives: they wait for the
 * authentication and then run in order. Above either bound the socket closes 1008, so an
 * unauthenticated peer cannot make the server hold more than this.
 */
export const MAX_FRAMES_BEFORE_AUTH = 32;
export const MAX_BYTES_BEFORE_AUTH = 64 * 1024;

/** What a socket kind (consumer, agent) does with a valid frame. */
export type FrameHandler = (frame: ClientFrame, connection: Connection) => Promise<void>;

/**
 * One WebSocket: ordered frame handling, JSON + schema checks, a per-socket rate limit, the
 * `auth` deadline, heartbeats, bounded send buffer (close 1013 above it), named timers and bus
 * subscriptions that are all released on close.
 */
export class Connection {
  authenticated = false;
  /** An `auth` frame is queued or running: later frames wait for it instead of closing 4401. */
  private authPending = false;
  /** Frames and bytes received while `authPending`, against the bounds above. */
  private readonly held = { frames: 0, bytes: 0 };
  private alive = true;
  private closing = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions = new Map<string, () => void>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly bucket: { take(): boolean };
  /** Conversations being replayed by `resume`: live `message.created` wait here meanwhile. */
  readonly replaying = new Map<string, MessageCreatedFrame[]>();
  private readonly onClosed: (() => void)[] = [];

  constructor(
    readonly ws: WebSocket,
    private readonly options: RealtimeOptions,
    readonly log: FastifyBaseLogger,
    private readonly allowed: readonly ClientFrameType[],
    private readonly handle: FrameHandler,
    readonly role: SocketRole,
    readonly metrics: RealtimeMetrics,
  ) {
    this.bucket = createTokenBucket(options.rateLimit);
    metrics.opened(role);
    this.setTimer('auth', options.authTimeoutMs, () => {
      if (!this.authenticated) this.close(WS_CLOSE.UNAUTHORIZED, 'authentication timeout');
    });
    ws.on('pong', () => (this.alive = true));
    ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    ws.on('close', (code) => {
      metrics.closed(role, code);
      this.dispose();
    });
    ws.on('error', (err) => this.log.debug({ err }, 'websocket error'));
  }

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a frame unless closing; closes 1013 when the send buffer outgrows its bound. */
  send(frame: ServerFrame): boolean {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    this.metrics.sent(this.role, frame.type);
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.metrics.slowReader(this.role);
      this.close(WS_CLOSE.TRY_AGAIN_LATER, 'client too slow: reconnect and resume');
      return false;
    }
    return true;
  }

  /** Delivers a bus frame, holding `message.created` of a conversation being replayed. */
  deliver(frame: ServerFrame): void {
    if (frame.type === 'message.created') {
      const held = this.replaying.get(frame.conversationId);
      if (held) {
        held.push(frame);
        return;
      }
    }
    this.send(frame);
  }

  error(code: ErrorCode, id?: string): void {
    this.send(id === undefined ? { type: 'error', code } : { type: 'error', code, id });
  }

  /** Closes with `code`; the socket is destroyed if the peer does not finish the handshake in time. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    if (code === WS_CLOSE.UNAUTHORIZED && !this.authenticated) this.metrics.authFailed(this.role);
    this.ws.close(code, reason);
    const grace = setTimeout(() => this.ws.terminate(), this.options.closeGraceMs);
    grace.unref();
    this.ws.once('close', () => clearTimeout(grace));
    this.dispose();
  }

  /** Called by the heartbeat sweep: terminates a socket that missed the previous ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  subscribe(bus: EventBus, topic: string, handler: EventHandler): void {
    if (this.subscriptions.has(topic) || this.closing) return;
    this.subscriptions.set(topic, bus.subscribe(topic, handler));
  }

  unsubscribe(topic: string): void {
    this.subscriptions.get(topic)?.();
    this.subscriptions.delete(topic);
  }

  unsubscribeAll(): void {
    for (const topic of [...this.subscriptions.keys()]) this.unsubscribe(topic);
  }

  /** Starts (or replaces) the timer called `name`. */
  setTimer(name: string, ms: number, fn: () => void): void {
    this.clearTimer(name);
    // setTimeout caps at 2^31-1 ms; longer sessions re-arm when it fires.
    const capped = Math.min(Math.max(0, ms), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(name);
      if (capped < ms) this.setTimer(name, ms - capped, fn);
      else fn();
    }, capped);
    this.timers.set(name, timer);
  }

  clearTimer(name: string): void {
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
  }

  onClose(fn: () => void): void {
    this.onClosed.push(fn);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary || data.length > this.options.maxFrameBytes) {
      this.close(WS_CLOSE.POLICY, 'text JSON frames only');
      return;
    }
    const parsed = parseClientFrame(data.toString('utf8'), this.allowed);
    this.metrics.received(this.role, parsed.ok ? parsed.frame.type : 'invalid');
    if (!this.bucket.take()) return this.error('RATE_LIMITED', parsed.ok ? parsed.frame.id : parsed.id);
    if (!this.authenticated) {
      const isAuth = parsed.ok && parsed.frame.type === 'auth';
      if (!isAuth && !this.authPending) {
        this.close(WS_CLOSE.UNAUTHORIZED, 'authenticate first');
        return;
      }
      if (this.authPending && !this.hold(data.length)) return;
      if (isAuth) this.authPending = true;
    }
    // Frames of one socket are handled one after another, in arrival order.
    this.queue = this.queue.then(() => (parsed.ok ? this.run(parsed.frame) : this.refuseInvalid(parsed.id)));
  }

  /** Counts a frame pipelined behind a pending `auth`; false (and closed 1008) beyond the bounds. */
  private hold(bytes: number): boolean {
    this.held.frames += 1;
    this.held.bytes += bytes;
    if (this.held.frames <= MAX_FRAMES_BEFORE_AUTH && this.held.bytes <= MAX_BYTES_BEFORE_AUTH) return true;
    this.close(WS_CLOSE.POLICY, 'too many frames before auth.ok');
    return false;
  }

  /** An invalid frame met once its turn comes: 4401 if still unauthenticated, else an error frame. */
  private async refuseInvalid(id: string | undefined): Promise<void> {
    if (this.closing) return;
    if (!this.authenticated) this.close(WS_CLOSE.UNAUTHORIZED, 'authenticate first');
    else this.error('REQUEST_INVALID', id);
  }

  private async run(frame: ClientFrame): Promise<void> {
    if (this.closing) return;
    if (!this.authenticated && frame.type !== 'auth') {
      // the pending auth did not succeed (e.g. an anonymous socket refused): nothing else runs
      this.close(WS_CLOSE.UNAUTHORIZED, 'authenticate first');
      return;
    }
    try {
      await this.handle(frame, this);
    } catch (err) {
      if (isParleyError(err)) {
        if (!this.authenticated) this.close(WS_CLOSE.UNAUTHORIZED, 'authentication failed');
        else this.error(err.code, frame.id);
        return;
      }
      this.log.error({ err, frameType: frame.type }, 'websocket frame failed');
      this.close(1011, 'internal error');
    } finally {
      if (frame.type === 'auth' && this.authPending) this.settleAuth();
    }
  }

  /** The pending `auth` ran: frames held behind it are in the queue, the bounds start over. */
  private settleAuth(): void {
    this.authPending = false;
    this.held.frames = 0;
    this.held.bytes = 0;
  }

  private dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.unsubscribeAll();
    this.replaying.clear();
    for (const fn of this.onClosed.splice(0)) fn();
  }
}
