import type {
  ConsumerClientFrame,
  ConsumerHistoryResponse,
  ConsumerServerFrame,
  ErrorFrame,
} from '@parley/protocol';
import { backoffDelay } from './backoff.ts';
import type { ConversationTracker, Delivery } from './conversations.ts';
import type { Emitter } from './emitter.ts';
import { ParleyClientError } from './errors.ts';
import type { Outbox } from './outbox.ts';
import type { ParleyEvents } from './types.ts';

export interface FrameDeps {
  events: Emitter<ParleyEvents>;
  tracker: ConversationTracker;
  outbox: Outbox;
  /** Send on the authenticated socket; false when there is none. */
  send(frame: ConsumerClientFrame): boolean;
  persist(): void;
  persistOutbox(): void;
  backoff: { minMs: number; maxMs: number };
  onAuthRequest(): void;
  onExpiring(): void;
  onChange(): void;
}

/**
 * The consumer side of the real-time protocol (docs/realtime.md) once authenticated: resume on
 * every new socket, the outbox, in-order delivery, conversation events and error frames.
 */
export class FrameHandler {
  private rateLimitedRetries = 0;

  constructor(private readonly deps: FrameDeps) {}

  /** A new authenticated socket: replay what was missed, then (re)send every unacked message. */
  socketOpened(restoreFromHistory: (() => Promise<void>) | null): void {
    const { tracker } = this.deps;
    tracker.socketChanged();
    const known = tracker.known();
    for (const { conversationId, lastSeq } of known) this.resume(conversationId, lastSeq);
    if (known.length === 0 && restoreFromHistory) void restoreFromHistory();
    this.flushOutbox();
  }

  /** The consumer's open conversation from its history becomes current and is replayed. */
  restore(history: ConsumerHistoryResponse): void {
    const { tracker, events } = this.deps;
    const open = history.conversations.filter((c) => c.status !== 'closed').at(-1);
    if (!open || tracker.current !== undefined) return;
    tracker.current = open.id;
    tracker.track(open.id);
    const { messages: _messages, ...conversation } = open;
    events.emit('conversation', { type: 'restored', conversation });
    this.resume(open.id, tracker.lastSeq(open.id));
    this.deps.persist();
    this.deps.onChange();
  }

  handle(frame: ConsumerServerFrame): void {
    const { events, tracker } = this.deps;
    switch (frame.type) {
      case 'message.created':
        return this.deliver(frame.conversationId, tracker.receive(frame.conversationId, frame.message));
      case 'resume.done':
        return this.deliver(frame.conversationId, tracker.resumeDone(frame.conversationId));
      case 'message.ack': {
        const { clientMessageId, conversationId, messageId, seq } = frame;
        tracker.track(conversationId);
        tracker.current ??= conversationId;
        if (this.deps.outbox.acked({ clientMessageId, conversationId, messageId, seq })) {
          this.deps.persistOutbox();
          events.emit('ack', { clientMessageId, conversationId, messageId, seq });
        }
        this.deps.persist();
        return this.deps.onChange();
      }
      case 'conversation.opened':
        // a new conversation, or one moved here by a step-up: it is the one in use now
        tracker.track(frame.conversation.id);
        tracker.current = frame.conversation.id;
        this.deps.persist();
        events.emit('conversation', { type: 'opened', conversation: frame.conversation });
        return this.deps.onChange();
      case 'conversation.assigned':
        return events.emit('conversation', { type: 'assigned', conversation: frame.conversation });
      case 'conversation.closed':
        return events.emit('conversation', { type: 'closed', conversation: frame.conversation });
      case 'auth.request':
        events.emit('authRequest', { conversationId: frame.conversationId });
        return this.deps.onAuthRequest();
      case 'typing':
        return events.emit('typing', frame);
      case 'read':
        return events.emit('read', frame);
      case 'session.expiring':
        return this.deps.onExpiring();
      case 'error':
        return this.error(frame);
      default:
        // session.expired is followed by close 4401, which the socket link handles
        return;
    }
  }

  private deliver(conversationId: string, delivery: Delivery): void {
    for (const message of delivery.deliver) this.deps.events.emit('message', { conversationId, message });
    if (delivery.resumeFrom !== undefined) this.resume(conversationId, delivery.resumeFrom);
    if (delivery.deliver.length > 0) {
      this.deps.persist();
      this.deps.onChange();
    }
  }

  private resume(conversationId: string, lastSeq: number): void {
    this.deps.tracker.startResume(conversationId);
    this.deps.send({ type: 'resume', conversationId, lastSeq });
  }

  private flushOutbox(): void {
    const { outbox } = this.deps;
    for (const item of outbox.list()) if (!this.deps.send(outbox.frame(item))) return;
  }

  private error(frame: ErrorFrame): void {
    const { outbox, events } = this.deps;
    const id = frame.id;
    if (id !== undefined && outbox.has(id) && frame.code === 'RATE_LIMITED') {
      // not processed, not refused: send it again later (the server dedupes anyway)
      setTimeout(() => this.flushOutbox(), backoffDelay(this.rateLimitedRetries++, this.deps.backoff));
      return;
    }
    const error = new ParleyClientError(frame.code, `Parley refused a frame: ${frame.code}`);
    if (id !== undefined && outbox.refused(id, error)) this.deps.persistOutbox();
    events.emit('error', error);
  }
}
