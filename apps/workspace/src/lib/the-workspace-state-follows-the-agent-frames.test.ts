import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@parley/protocol';
import { initialState, lists, reducer, type Action, type WorkspaceState } from './state.ts';

const conversation = (over: Partial<Conversation> = {}): Conversation => ({
  id: 'cv-1',
  accountId: 'demo',
  consumerId: 'anon-1',
  status: 'queued',
  authenticated: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  ...over,
});
const message = (seq: number, from: Message['from'] = 'consumer'): Message => ({
  id: `m${seq}`,
  seq,
  from,
  text: `text ${seq}`,
  createdAt: `2026-12-01T10:00:0${seq}.000Z`,
});
const frame = (f: unknown): Action => ({
  kind: 'frame',
  frame: f as never,
  now: Date.UTC(2026, 11, 1, 10, 5),
});
const run = (state: WorkspaceState, ...actions: Action[]) => actions.reduce(reducer, state);
/** The state of agent `agt_me` (role agent) before any frame. */
const asAgentMe = () => initialState({ agentId: 'agt_me', role: 'agent' });
/** The frame assigning `cv-1` (now active) to agent `agt_me`. */
const assignedToMe = () =>
  frame({
    type: 'conversation.assigned',
    conversation: conversation({ status: 'active', agentId: 'agt_me' }),
  });

describe('the workspace state', () => {
  it('moves a conversation from waiting to mine when this agent is assigned', () => {
    const me = asAgentMe();
    const queued = run(me, frame({ type: 'conversation.queued', conversation: conversation() }));
    expect(lists(queued).waiting).toHaveLength(1);
    const mine = run(queued, assignedToMe());
    expect(lists(mine).waiting).toHaveLength(0);
    expect(lists(mine).mine.map((c) => c.conversation.id)).toEqual(['cv-1']);
  });

  it('drops a colleague’s conversation for a plain agent, keeps it for a supervisor', () => {
    const assigned = frame({
      type: 'conversation.assigned',
      conversation: conversation({ status: 'active', agentId: 'agt_other' }),
    });
    const queued = frame({ type: 'conversation.queued', conversation: conversation() });
    const agent = run(asAgentMe(), queued, assigned);
    expect(agent.conversations).toEqual({});
    const supervisor = run(initialState({ agentId: 'agt_me', role: 'supervisor' }), queued, assigned);
    expect(lists(supervisor).others).toHaveLength(1);
  });

  it('keeps messages in seq order without duplicates when a resume repeats live ones', () => {
    const state = run(
      asAgentMe(),
      assignedToMe(),
      frame({ type: 'message.created', conversationId: 'cv-1', message: message(2) }),
      frame({ type: 'message.created', conversationId: 'cv-1', message: message(1) }),
      frame({ type: 'message.created', conversationId: 'cv-1', message: message(2) }),
    );
    expect(state.conversations['cv-1']!.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('follows the consumer’s auth state: anonymous, then verified with the new consumer id, with a note', () => {
    const state = run(
      asAgentMe(),
      assignedToMe(),
      frame({
        type: 'consumer.auth_state',
        consumerId: 'anon-1',
        conversationId: 'cv-1',
        state: 'anonymous',
      }),
      frame({ type: 'auth.request', conversationId: 'cv-1' }),
      frame({
        type: 'consumer.auth_state',
        consumerId: 'alice',
        conversationId: 'cv-1',
        state: 'authenticated',
      }),
    );
    const c = state.conversations['cv-1']!;
    expect(c.authState).toBe('authenticated');
    expect(c.conversation).toMatchObject({ consumerId: 'alice', authenticated: true });
    expect(c.authRequested).toBe(false);
    expect(c.notes.map((n) => n.text)).toEqual([
      'You asked the customer to sign in.',
      'The customer signed in: identity verified.',
    ]);
    const expired = run(state, frame({ type: 'consumer.auth_state', consumerId: 'alice', state: 'expired' }));
    expect(expired.conversations['cv-1']!.authState).toBe('expired');
  });

  it('keeps a conversation accepted when an older REST transcript (still queued) arrives after the live frame', () => {
    const state = run(
      asAgentMe(),
      frame({ type: 'conversation.queued', conversation: conversation() }),
      assignedToMe(),
      { kind: 'transcript', conversation: conversation(), messages: [message(1)] },
    );
    expect(state.conversations['cv-1']!.conversation).toMatchObject({ status: 'active', agentId: 'agt_me' });
    expect(state.conversations['cv-1']!.messages).toHaveLength(1);
    expect(lists(state).mine).toHaveLength(1);
  });

  it('counts unread customer messages only outside the selected conversation', () => {
    const base = run(asAgentMe(), assignedToMe());
    const unseen = run(base, frame({ type: 'message.created', conversationId: 'cv-1', message: message(1) }));
    expect(unseen.conversations['cv-1']!.unread).toBe(1);
    const read = run(unseen, { kind: 'select', id: 'cv-1' });
    expect(read.conversations['cv-1']!.unread).toBe(0);
  });
});
