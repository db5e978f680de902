import type {
  AgentServerFrame,
  ConsumerAuthState,
  ConsumerProfile,
  Conversation,
  Message,
} from '@parley/protocol';

/** A line of the transcript the workspace adds itself (sign-in, expiry...), never stored. */
export interface Note {
  id: string;
  text: string;
  at: string;
}

/** A reply typed here, shown until the server's `message.created` replaces it. */
export interface PendingMessage {
  clientMessageId: string;
  text: string;
  at: string;
  failed?: boolean;
}

export interface ConversationState {
  conversation: Conversation;
  messages: Message[];
  notes: Note[];
  pending: PendingMessage[];
  profile?: ConsumerProfile;
  authState?: ConsumerAuthState;
  /** Highest seq the consumer has read (their read receipts). */
  consumerReadSeq: number;
  consumerTypingUntil: number;
  unread: number;
  /** The agent asked the consumer to sign in (confirmed by the server). */
  authRequested: boolean;
}

export interface WorkspaceState {
  me: string;
  /** Plain agents are not shown colleagues' conversations (the server would not open them). */
  seesColleagues: boolean;
  conversations: Record<string, ConversationState>;
  selectedId: string | null;
}

export type Action =
  | { kind: 'frame'; frame: AgentServerFrame; now: number }
  | { kind: 'loaded'; conversations: Conversation[] }
  | { kind: 'transcript'; conversation: Conversation; messages: Message[] }
  | { kind: 'select'; id: string | null }
  | { kind: 'pending'; conversationId: string; pending: PendingMessage }
  | { kind: 'pending-failed'; conversationId: string; clientMessageId: string };

const RANK = { queued: 0, active: 1, closed: 2 } as const;

export function initialState(me: { agentId: string; role: string }): WorkspaceState {
  return { me: me.agentId, seesColleagues: me.role !== 'agent', conversations: {}, selectedId: null };
}

function fresh(conversation: Conversation): ConversationState {
  return {
    conversation,
    messages: [],
    notes: [],
    pending: [],
    consumerReadSeq: 0,
    consumerTypingUntil: 0,
    unread: 0,
    authRequested: false,
  };
}

function upsert(state: WorkspaceState, conversation: Conversation): WorkspaceState {
  const current = state.conversations[conversation.id];
  const next = current
    ? { ...current, conversation: { ...current.conversation, ...conversation } }
    : fresh(conversation);
  return { ...state, conversations: { ...state.conversations, [conversation.id]: next } };
}

function drop(state: WorkspaceState, id: string): WorkspaceState {
  if (!state.conversations[id]) return state;
  const { [id]: _gone, ...rest } = state.conversations;
  return { ...state, conversations: rest, selectedId: state.selectedId === id ? null : state.selectedId };
}

function patch(
  state: WorkspaceState,
  id: string | undefined,
  change: (c: ConversationState) => ConversationState,
): WorkspaceState {
  const current = id === undefined ? undefined : state.conversations[id];
  if (!current || id === undefined) return state;
  return { ...state, conversations: { ...state.conversations, [id]: change(current) } };
}

/** Messages by seq, without duplicates (a resume may repeat what a live frame brought). */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  const bySeq = new Map(existing.map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

const AUTH_NOTES: Record<ConsumerAuthState, string> = {
  authenticated: 'The customer signed in: identity verified.',
  anonymous: 'The customer is not signed in.',
  expired: 'The customer’s session expired.',
  logged_out: 'The customer logged out.',
};

function onAuthState(
  state: WorkspaceState,
  frame: Extract<AgentServerFrame, { type: 'consumer.auth_state' }>,
  now: number,
) {
  const targets = Object.values(state.conversations).filter(
    (c) => c.conversation.id === frame.conversationId || c.conversation.consumerId === frame.consumerId,
  );
  let next = state;
  for (const target of targets) {
    next = patch(next, target.conversation.id, (c) => {
      const changed = c.authState !== undefined && c.authState !== frame.state;
      const note = {
        id: `auth-${now}-${frame.state}`,
        text: AUTH_NOTES[frame.state],
        at: new Date(now).toISOString(),
      };
      return {
        ...c,
        conversation: {
          ...c.conversation,
          consumerId: frame.consumerId,
          authenticated: frame.state === 'authenticated' ? true : c.conversation.authenticated,
        },
        authState: frame.state,
        authRequested: frame.state === 'authenticated' ? false : c.authRequested,
        notes: changed ? [...c.notes, note] : c.notes,
      };
    });
  }
  return next;
}

function onFrame(state: WorkspaceState, frame: AgentServerFrame, now: number): WorkspaceState {
  switch (frame.type) {
    case 'conversation.queued':
    case 'conversation.assigned':
    case 'conversation.closed': {
      const colleagues = frame.conversation.agentId !== undefined && frame.conversation.agentId !== state.me;
      if (colleagues && !state.seesColleagues) return drop(state, frame.conversation.id);
      return upsert(state, frame.conversation);
    }
    case 'message.created':
      return patch(state, frame.conversationId, (c) => ({
        ...c,
        messages: mergeMessages(c.messages, [frame.message]),
        pending: c.pending.filter((p) => p.clientMessageId !== frame.message.clientMessageId),
        unread:
          frame.message.from === 'consumer' && state.selectedId !== frame.conversationId
            ? c.unread + 1
            : c.unread,
        consumerTypingUntil: frame.message.from === 'consumer' ? 0 : c.consumerTypingUntil,
      }));
    case 'consumer.profile':
      return patch(state, frame.conversationId, (c) => ({ ...c, profile: frame.profile }));
    case 'consumer.auth_state':
      return onAuthState(state, frame, now);
    case 'typing':
      return frame.from === 'consumer'
        ? patch(state, frame.conversationId, (c) => ({ ...c, consumerTypingUntil: now + 5000 }))
        : state;
    case 'read':
      return frame.from === 'consumer'
        ? patch(state, frame.conversationId, (c) => ({
            ...c,
            consumerReadSeq: Math.max(c.consumerReadSeq, frame.seq),
          }))
        : state;
    case 'auth.request':
      return patch(state, frame.conversationId, (c) => ({
        ...c,
        authRequested: true,
        notes: [
          ...c.notes,
          { id: `ask-${now}`, text: 'You asked the customer to sign in.', at: new Date(now).toISOString() },
        ],
      }));
    default:
      return state;
  }
}

export function reducer(state: WorkspaceState, action: Action): WorkspaceState {
  switch (action.kind) {
    case 'frame':
      return onFrame(state, action.frame, action.now);
    case 'loaded':
      return action.conversations.reduce(upsert, state);
    case 'transcript': {
      // a REST answer may be older than the live frames that came meanwhile: a conversation
      // never moves back (queued → active → closed), whatever order the answers arrive in
      const current = state.conversations[action.conversation.id]?.conversation;
      const stale = current !== undefined && RANK[current.status] > RANK[action.conversation.status];
      const next = stale ? state : upsert(state, action.conversation);
      return patch(next, action.conversation.id, (c) => ({
        ...c,
        messages: mergeMessages(c.messages, action.messages),
      }));
    }
    case 'select': {
      const next = { ...state, selectedId: action.id };
      return patch(next, action.id ?? undefined, (c) => ({ ...c, unread: 0 }));
    }
    case 'pending':
      return patch(state, action.conversationId, (c) => ({ ...c, pending: [...c.pending, action.pending] }));
    case 'pending-failed':
      return patch(state, action.conversationId, (c) => ({
        ...c,
        pending: c.pending.map((p) =>
          p.clientMessageId === action.clientMessageId ? { ...p, failed: true } : p,
        ),
      }));
  }
}

/** The three lists of the sidebar, each newest activity first (waiting: oldest first, fair). */
export function lists(state: WorkspaceState) {
  const all = Object.values(state.conversations);
  const by = (f: (c: ConversationState) => boolean) => all.filter(f);
  const newest = (a: ConversationState, b: ConversationState) =>
    b.conversation.createdAt.localeCompare(a.conversation.createdAt);
  return {
    waiting: by((c) => c.conversation.status === 'queued').sort((a, b) => -newest(a, b)),
    mine: by((c) => c.conversation.status === 'active' && c.conversation.agentId === state.me).sort(newest),
    others: by((c) => c.conversation.status === 'active' && c.conversation.agentId !== state.me).sort(newest),
    closed: by((c) => c.conversation.status === 'closed').sort(newest),
  };
}
