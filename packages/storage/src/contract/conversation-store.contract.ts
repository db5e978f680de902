import { describe, expect, it } from 'vitest';
import type { ConversationStore } from '@parley/core';

const T0 = 1_700_000_000_000;

/** What the ConversationStore contract needs: a fresh, empty store per test. */
export interface ConversationContractContext {
  conversations(): ConversationStore;
}

/**
 * The ConversationStore part of the contract: every adapter passes it.
 */
export function conversationStoreContract(ctx: ConversationContractContext): void {
  const store = () => ctx.conversations();
  const open = (consumerId: string, newId: string, over: { accountId?: string; now?: number } = {}) =>
    store().openOrCreate({
      accountId: over.accountId ?? 'acme',
      consumerId,
      authenticated: true,
      newId,
      now: over.now ?? T0,
    });
  const append = (
    conversationId: string,
    id: string,
    clientMessageId: string | null,
    over: { accountId?: string } = {},
  ) =>
    store().appendMessage({
      accountId: over.accountId ?? 'acme',
      conversationId,
      id,
      from: 'consumer',
      senderId: 'c1',
      text: `text ${id}`,
      clientMessageId,
      now: T0 + 1,
    });

  describe('ConversationStore', () => {
    it('creates one queued conversation per consumer and returns it while open', async () => {
      const first = await open('c1', 'conv-1');
      expect(first).toEqual({
        created: true,
        conversation: {
          id: 'conv-1',
          accountId: 'acme',
          consumerId: 'c1',
          status: 'queued',
          authenticated: true,
          agentId: null,
          createdAt: T0,
          closedAt: null,
          lastSeq: 0,
        },
      });
      const again = await open('c1', 'conv-2');
      expect(again.created).toBe(false);
      expect(again.conversation.id).toBe('conv-1');
      expect(await store().get('acme', 'conv-2')).toBeNull();
    });

    it('yields one conversation under 30 concurrent openOrCreate calls', async () => {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => open('c1', `race-${i}`)));
      expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    it('assigns seq 1, 2, 3 and returns the first message for a repeated clientMessageId', async () => {
      await open('c1', 'conv-1');
      const a = await append('conv-1', 'm1', 'cm-1');
      const b = await append('conv-1', 'm2', 'cm-2');
      const dup = await append('conv-1', 'm3', 'cm-1');
      const noKey = await append('conv-1', 'm4', null);
      const noKey2 = await append('conv-1', 'm5', null);
      expect([a?.message.seq, b?.message.seq, noKey?.message.seq, noKey2?.message.seq]).toEqual([1, 2, 3, 4]);
      expect(a?.created).toBe(true);
      expect(dup).toEqual({ created: false, message: a?.message });
      expect((await store().get('acme', 'conv-1'))?.lastSeq).toBe(4);
      const all = await store().listMessages('acme', 'conv-1');
      expect(all.map((m) => m.id)).toEqual(['m1', 'm2', 'm4', 'm5']);
      expect(all[0]).toEqual({
        id: 'm1',
        conversationId: 'conv-1',
        seq: 1,
        from: 'consumer',
        senderId: 'c1',
        text: 'text m1',
        clientMessageId: 'cm-1',
        createdAt: T0 + 1,
      });
    });

    it('keeps seq gap-free and stores each clientMessageId once under concurrent appends', async () => {
      await open('c1', 'conv-1');
      const sends = Array.from({ length: 100 }, (_, i) => append('conv-1', `m${i}`, `cm-${i % 50}`));
      const results = await Promise.all(sends);
      expect(results.filter((r) => r?.created)).toHaveLength(50);
      const seqs = (await store().listMessages('acme', 'conv-1')).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('lists messages after a seq, with a limit', async () => {
      await open('c1', 'conv-1');
      for (let i = 1; i <= 5; i++) await append('conv-1', `m${i}`, `cm-${i}`);
      expect((await store().listMessages('acme', 'conv-1', { afterSeq: 2 })).map((m) => m.seq)).toEqual([
        3, 4, 5,
      ]);
      expect(
        (await store().listMessages('acme', 'conv-1', { afterSeq: 1, limit: 2 })).map((m) => m.seq),
      ).toEqual([2, 3]);
      expect(await store().listMessages('acme', 'conv-1', { afterSeq: 5 })).toEqual([]);
    });

    it('scopes everything to the account', async () => {
      await open('c1', 'conv-1');
      await append('conv-1', 'm1', 'cm-1');
      expect(await store().get('globex', 'conv-1')).toBeNull();
      expect(await append('conv-1', 'm2', 'cm-2', { accountId: 'globex' })).toBeNull();
      expect(await append('conv-1', 'm3', 'cm-1', { accountId: 'globex' })).toBeNull();
      expect(await store().listMessages('globex', 'conv-1')).toEqual([]);
      expect(
        await store().assign({ accountId: 'globex', conversationId: 'conv-1', agentId: 'a1' }),
      ).toBeNull();
      expect(await store().close({ accountId: 'globex', conversationId: 'conv-1', now: T0 })).toBeNull();
      expect(await store().listByAccount('globex')).toEqual([]);
      expect(await store().listByConsumer('globex', 'c1')).toEqual([]);
      expect((await store().get('acme', 'conv-1'))?.status).toBe('queued');
    });

    it('assigns a queued conversation once: idempotent for its agent, refused for another', async () => {
      await open('c1', 'conv-1');
      const assigned = await store().assign({ accountId: 'acme', conversationId: 'conv-1', agentId: 'a1' });
      expect(assigned).toMatchObject({ status: 'active', agentId: 'a1' });
      expect(
        await store().assign({ accountId: 'acme', conversationId: 'conv-1', agentId: 'a1' }),
      ).toMatchObject({ agentId: 'a1' });
      expect(await store().assign({ accountId: 'acme', conversationId: 'conv-1', agentId: 'a2' })).toBeNull();
      expect(await store().assign({ accountId: 'acme', conversationId: 'nope', agentId: 'a1' })).toBeNull();
    });

    it('closes once; a closed conversation is kept in history and a new one opens next', async () => {
      await open('c1', 'conv-1');
      const closed = await store().close({ accountId: 'acme', conversationId: 'conv-1', now: T0 + 9 });
      expect(closed).toMatchObject({ status: 'closed', closedAt: T0 + 9 });
      expect(await store().close({ accountId: 'acme', conversationId: 'conv-1', now: T0 + 10 })).toBeNull();
      expect(await store().assign({ accountId: 'acme', conversationId: 'conv-1', agentId: 'a1' })).toBeNull();
      const next = await open('c1', 'conv-2', { now: T0 + 20 });
      expect(next.created).toBe(true);
      expect((await store().listByConsumer('acme', 'c1')).map((c) => [c.id, c.status])).toEqual([
        ['conv-1', 'closed'],
        ['conv-2', 'queued'],
      ]);
    });

    it('lists an account newest first, by status and agent, with a limit', async () => {
      await open('c1', 'conv-1', { now: T0 });
      await open('c2', 'conv-2', { now: T0 + 1 });
      await open('c3', 'conv-3', { now: T0 + 2 });
      await open('x', 'conv-x', { accountId: 'globex' });
      await store().assign({ accountId: 'acme', conversationId: 'conv-2', agentId: 'a1' });
      await store().close({ accountId: 'acme', conversationId: 'conv-3', now: T0 + 3 });
      const ids = async (o?: Parameters<ConversationStore['listByAccount']>[1]) =>
        (await store().listByAccount('acme', o)).map((c) => c.id);
      expect(await ids()).toEqual(['conv-3', 'conv-2', 'conv-1']);
      expect(await ids({ statuses: ['queued'] })).toEqual(['conv-1']);
      expect(await ids({ statuses: ['queued', 'active'] })).toEqual(['conv-2', 'conv-1']);
      expect(await ids({ agentId: 'a1' })).toEqual(['conv-2']);
      expect(await ids({ limit: 1 })).toEqual(['conv-3']);
    });

    it('pages an account with beforeId, ties in creation time broken by insertion order', async () => {
      await open('c1', 'conv-1', { now: T0 });
      await open('c2', 'conv-2', { now: T0 + 1 });
      await open('c3', 'conv-3', { now: T0 + 1 });
      await open('c4', 'conv-4', { now: T0 + 2 });
      const ids = async (o?: Parameters<ConversationStore['listByAccount']>[1]) =>
        (await store().listByAccount('acme', o)).map((c) => c.id);
      expect(await ids()).toEqual(['conv-4', 'conv-3', 'conv-2', 'conv-1']);
      expect(await ids({ limit: 2 })).toEqual(['conv-4', 'conv-3']);
      expect(await ids({ limit: 2, beforeId: 'conv-3' })).toEqual(['conv-2', 'conv-1']);
      expect(await ids({ beforeId: 'conv-1' })).toEqual([]);
      await store().close({ accountId: 'acme', conversationId: 'conv-3', now: T0 + 3 });
      // the cursor keeps its place even when it no longer matches the status filter
      expect(await ids({ statuses: ['queued'], beforeId: 'conv-3' })).toEqual(['conv-2', 'conv-1']);
      expect(await ids({ beforeId: 'unknown' })).toEqual([]);
      expect(await store().listByAccount('globex', { beforeId: 'conv-3' })).toEqual([]);
    });

    it('moves an anonymous consumer’s conversations in place on step-up', async () => {
      await store().openOrCreate({
        accountId: 'acme',
        consumerId: 'anon',
        authenticated: false,
        newId: 'conv-a',
        now: T0,
      });
      await append('conv-a', 'm1', 'cm-1');
      await append('conv-a', 'm2', 'cm-2');
      const moved = await store().moveConsumer({
        accountId: 'acme',
        fromConsumerId: 'anon',
        toConsumerId: 'c1',
      });
      expect(moved).toHaveLength(1);
      expect(moved[0]).toMatchObject({ id: 'conv-a', consumerId: 'c1', authenticated: true, lastSeq: 2 });
      expect(await store().listByConsumer('acme', 'anon')).toEqual([]);
      expect((await store().listMessages('acme', 'conv-a')).map((m) => m.seq)).toEqual([1, 2]);
      expect((await append('conv-a', 'm3', 'cm-3'))?.message.seq).toBe(3);
      expect((await append('conv-a', 'm4', 'cm-1'))?.created).toBe(false);
      expect(
        await store().moveConsumer({ accountId: 'globex', fromConsumerId: 'c1', toConsumerId: 'z' }),
      ).toEqual([]);
    });

    it('deletes a consumer’s conversations and their messages', async () => {
      await open('c1', 'conv-1');
      await append('conv-1', 'm1', 'cm-1');
      await open('c2', 'conv-2');
      await store().deleteByConsumer('acme', 'c1');
      expect(await store().get('acme', 'conv-1')).toBeNull();
      expect(await store().listMessages('acme', 'conv-1')).toEqual([]);
      expect(await store().get('acme', 'conv-2')).not.toBeNull();
    });
  });
}
