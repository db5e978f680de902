import type { MessageSendFrame } from '@parley/protocol';
import type { ParleyClientError } from './errors.ts';
import type { MessageAck } from './types.ts';

/** One unacknowledged `message.send` (persisted under `outbox`). */
export interface OutboxItem {
  clientMessageId: string;
  text: string;
  conversationId?: string;
}

interface Waiter {
  resolve(ack: MessageAck): void;
  reject(err: ParleyClientError): void;
}

/**
 * Messages sent but not yet acknowledged, in send order. Every item is (re)sent on each new
 * authenticated socket until its `message.ack` arrives; the server acks a repeated
 * `clientMessageId` without storing it twice, so resending is always safe.
 */
export class Outbox {
  private items = new Map<string, OutboxItem>();
  private waiters = new Map<string, Waiter>();

  restore(items: OutboxItem[] | null): void {
    for (const item of items ?? [])
      if (!this.items.has(item.clientMessageId)) this.items.set(item.clientMessageId, item);
  }

  list(): OutboxItem[] {
    return [...this.items.values()];
  }

  add(item: OutboxItem): Promise<MessageAck> {
    this.items.set(item.clientMessageId, item);
    return new Promise((resolve, reject) => this.waiters.set(item.clientMessageId, { resolve, reject }));
  }

  has(clientMessageId: string): boolean {
    return this.items.has(clientMessageId);
  }

  frame(item: OutboxItem): MessageSendFrame {
    return {
      type: 'message.send',
      clientMessageId: item.clientMessageId,
      text: item.text,
      ...(item.conversationId === undefined ? {} : { conversationId: item.conversationId }),
      // the frame id lets an `error` frame name the message it refuses
      id: item.clientMessageId,
    };
  }

  /** The ack of a pending item: settles its promise; false when it was not ours (already acked). */
  acked(ack: MessageAck): boolean {
    if (!this.items.delete(ack.clientMessageId)) return false;
    this.waiters.get(ack.clientMessageId)?.resolve(ack);
    this.waiters.delete(ack.clientMessageId);
    return true;
  }

  /** The server refused the item for good: it leaves the outbox. */
  refused(clientMessageId: string, err: ParleyClientError): boolean {
    if (!this.items.delete(clientMessageId)) return false;
    this.waiters.get(clientMessageId)?.reject(err);
    this.waiters.delete(clientMessageId);
    return true;
  }

  /** Logout or close: every pending send fails with `err` and nothing is kept. */
  clear(err: ParleyClientError): void {
    for (const waiter of this.waiters.values()) waiter.reject(err);
    this.waiters.clear();
    this.items.clear();
  }
}
