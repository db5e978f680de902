import { describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { backoffDelay } from './backoff.ts';
import { ConversationTracker } from './conversations.ts';
import { renewalDelay } from './renewal.ts';

const message = (seq: number): Message => ({
  id: `m${seq}`,
  seq,
  from: 'agent',
  text: `#${seq}`,
  createdAt: '2030-01-01T00:00:00.000Z',
});

describe('the conversation tracker', () => {
  it('delivers in order, drops repeats, holds messages after a gap and asks to resume once', () => {
    const tracker = new ConversationTracker(3);
    expect(tracker.receive('c', message(1)).deliver.map((m) => m.seq)).toEqual([1]);
    expect(tracker.receive('c', message(1)).deliver).toEqual([]);
    expect(tracker.receive('c', message(3))).toEqual({ deliver: [], resumeFrom: 1 });
    // the replay is in flight: no second resume for the same gap
    expect(tracker.receive('c', message(4))).toEqual({ deliver: [] });
    expect(tracker.receive('c', message(2)).deliver.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(tracker.resumeDone('c')).toEqual({ deliver: [] });
    expect(tracker.lastSeq('c')).toBe(4);
    // the transcript keeps the last 3
    expect(tracker.transcript('c').map((m) => m.seq)).toEqual([2, 3, 4]);
  });

  it('survives a reload through its snapshot and forgets everything on reset', () => {
    const tracker = new ConversationTracker(10);
    tracker.current = 'c';
    tracker.receive('c', message(1));
    const restored = new ConversationTracker(10);
    restored.restore(JSON.parse(JSON.stringify(tracker.snapshot())));
    expect(restored.known()).toEqual([{ conversationId: 'c', lastSeq: 1 }]);
    expect(restored.receive('c', message(1)).deliver).toEqual([]);
    restored.reset();
    expect(restored.known()).toEqual([]);
    expect(restored.transcript('c')).toEqual([]);
  });
});

describe('timing rules', () => {
  it('backoff uses full jitter within [min/2, min(max, min·2^n)]', () => {
    const range = { minMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, range, () => 0)).toBe(50);
    expect(backoffDelay(0, range, () => 1)).toBe(100);
    expect(backoffDelay(3, range, () => 1)).toBe(800);
    expect(backoffDelay(10, range, () => 1)).toBe(1000);
    expect(backoffDelay(10, range, () => 0.5)).toBe(500);
  });

  it('renews renewBeforeMs before expiry, but not before half of a short session', () => {
    expect(renewalDelay(3_600_000, 0, 60_000)).toBe(3_540_000);
    expect(renewalDelay(2_000, 0, 60_000)).toBe(1_000);
    expect(renewalDelay(0, 10, 60_000)).toBe(0);
  });
});
