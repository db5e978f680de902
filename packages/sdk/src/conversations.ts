import type { Message } from '@parley/protocol';

/** What the client remembers of its conversations (persisted under `conversations`). */
export interface ConversationsSnapshot {
  current?: string;
  /** Highest seq delivered, per conversation. */
  lastSeq: Record<string, number>;
  transcripts: Record<string, Message[]>;
}

/** The result of receiving one message: those now deliverable in order, and whether to resume. */
export interface Delivery {
  deliver: Message[];
  /** A gap before the buffered messages: ask the server with `resume` from `lastSeq`. */
  resumeFrom?: number;
}

/** Conversations kept on the device at most (the current one and the latest others). */
const MAX_CONVERSATIONS = 5;

/**
 * Delivers each `seq` of a conversation exactly once and in order, whatever the server sends
 * (live frames, resume replays, both after a reconnect): duplicates are dropped, later messages
 * wait in a buffer while the gap before them is resumed. Keeps a small transcript per conversation.
 */
export class ConversationTracker {
  private lastSeqs = new Map<string, number>();
  private buffers = new Map<string, Map<number, Message>>();
  private transcripts = new Map<string, Message[]>();
  private resuming = new Set<string>();
  current: string | undefined;

  constructor(private readonly transcriptSize: number) {}

  restore(snapshot: ConversationsSnapshot | null): void {
    if (!snapshot) return;
    this.current = snapshot.current;
    for (const [id, seq] of Object.entries(snapshot.lastSeq ?? {})) this.lastSeqs.set(id, seq);
    for (const [id, messages] of Object.entries(snapshot.transcripts ?? {}))
      this.transcripts.set(id, messages);
  }

  snapshot(): ConversationsSnapshot {
    const ids = [...this.lastSeqs.keys()].slice(-MAX_CONVERSATIONS);
    if (this.current !== undefined && !ids.includes(this.current)) ids.push(this.current);
    return {
      ...(this.current === undefined ? {} : { current: this.current }),
      lastSeq: Object.fromEntries(ids.map((id) => [id, this.lastSeqs.get(id) ?? 0])),
      transcripts: Object.fromEntries(ids.map((id) => [id, this.transcripts.get(id) ?? []])),
    };
  }

  lastSeq(conversationId: string | undefined): number {
    return conversationId === undefined ? 0 : (this.lastSeqs.get(conversationId) ?? 0);
  }

  /** Conversations to `resume` after (re)authenticating, with their last seq. */
  known(): { conversationId: string; lastSeq: number }[] {
    const ids = new Set(this.lastSeqs.keys());
    if (this.current !== undefined) ids.add(this.current);
    return [...ids].map((conversationId) => ({ conversationId, lastSeq: this.lastSeq(conversationId) }));
  }

  track(conversationId: string): void {
    if (!this.lastSeqs.has(conversationId)) this.lastSeqs.set(conversationId, 0);
  }

  transcript(conversationId: string | undefined): Message[] {
    return conversationId === undefined ? [] : [...(this.transcripts.get(conversationId) ?? [])];
  }

  startResume(conversationId: string): void {
    this.resuming.add(conversationId);
  }

  /** `resume.done`: the replay is over; a gap still left is resumed again. */
  resumeDone(conversationId: string): Delivery {
    this.resuming.delete(conversationId);
    return this.flush(conversationId);
  }

  receive(conversationId: string, message: Message): Delivery {
    const last = this.lastSeq(conversationId);
    this.lastSeqs.set(conversationId, last);
    if (message.seq <= last) return { deliver: [] };
    let buffer = this.buffers.get(conversationId);
    if (!buffer) this.buffers.set(conversationId, (buffer = new Map()));
    buffer.set(message.seq, message);
    return this.flush(conversationId);
  }

  private flush(conversationId: string): Delivery {
    const buffer = this.buffers.get(conversationId);
    const deliver: Message[] = [];
    let last = this.lastSeq(conversationId);
    for (let next = buffer?.get(last + 1); next && buffer; next = buffer.get(last + 1)) {
      buffer.delete(next.seq);
      deliver.push(next);
      last = next.seq;
    }
    this.lastSeqs.set(conversationId, last);
    this.remember(conversationId, deliver);
    if (!buffer || buffer.size === 0 || this.resuming.has(conversationId)) return { deliver };
    // a gap: an earlier frame was lost (reconnect, at-most-once bus); the store has it
    this.resuming.add(conversationId);
    return { deliver, resumeFrom: last };
  }

  private remember(conversationId: string, messages: Message[]): void {
    if (messages.length === 0) return;
    const kept = [...(this.transcripts.get(conversationId) ?? []), ...messages];
    this.transcripts.set(conversationId, kept.slice(-this.transcriptSize));
  }

  /** Forget everything (logout, or another consumer on this device). */
  reset(): void {
    this.lastSeqs.clear();
    this.buffers.clear();
    this.transcripts.clear();
    this.resuming.clear();
    this.current = undefined;
  }

  /** A new socket: replays in flight on the old one are gone. */
  socketChanged(): void {
    this.resuming.clear();
  }
}
