import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { AgentServerFrame } from '@parley/protocol';
import { Api, ApiError } from './lib/api.ts';
import { AgentSocket, type SocketStatus } from './lib/agent-socket.ts';
import { chime, setSoundEnabled, setTitle, soundEnabled } from './lib/notify.ts';
import type { StoredSession } from './lib/session.ts';
import { initialState, lists, reducer, type WorkspaceState } from './lib/state.ts';
import { ConversationView } from './components/ConversationView.tsx';
import { CustomerPanel } from './components/CustomerPanel.tsx';
import { History } from './components/History.tsx';
import { Shortcuts } from './components/Shortcuts.tsx';
import { Sidebar, namesOf } from './components/Sidebar.tsx';
import { useShortcuts } from './use-shortcuts.ts';

interface WorkspaceProps {
  session: StoredSession;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

const ERROR_TEXT: Record<string, string> = {
  CONVERSATION_NOT_FOUND: 'That conversation is not available to you.',
  REQUEST_INVALID: 'That action is not possible any more (another agent may have taken the conversation).',
  RATE_LIMITED: 'Slow down: too many actions at once.',
};

/** The signed-in workspace: live lists, the selected conversation, and the verified customer. */
export function Workspace({ session, onSignOut, onSessionEnded }: WorkspaceProps) {
  const api = useMemo(() => new Api(session.account).withToken(session.token), [session]);
  const [state, dispatch] = useReducer(reducer, session, initialState);
  const stateRef = useRef<WorkspaceState>(state);
  stateRef.current = state;
  const socketRef = useRef<AgentSocket | null>(null);
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [toast, setToast] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [sound, setSound] = useState(soundEnabled());
  const [now, setNow] = useState(() => Date.now());
  const lastTyping = useRef(0);
  // App passes new callbacks on each render: read them through a ref, keep one socket
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;

  const send = useCallback((frame: Parameters<AgentSocket['send']>[0]) => {
    if (!socketRef.current?.send(frame)) setToast('Not connected: reconnecting…');
  }, []);

  /** Catches up a conversation the agent holds: its profile (accept again is harmless) and messages. */
  const follow = useCallback(
    (id: string) => {
      const lastSeq = stateRef.current.conversations[id]?.messages.at(-1)?.seq ?? 0;
      send({ type: 'conversation.accept', conversationId: id });
      send({ type: 'resume', conversationId: id, lastSeq });
    },
    [send],
  );

  const onFrame = useCallback(
    (frame: AgentServerFrame) => {
      dispatch({ kind: 'frame', frame, now: Date.now() });
      if (frame.type === 'auth.ok') {
        for (const c of Object.values(stateRef.current.conversations)) {
          if (c.conversation.status === 'active' && c.conversation.agentId === session.agentId)
            follow(c.conversation.id);
        }
      } else if (frame.type === 'conversation.queued') {
        chime();
      } else if (frame.type === 'conversation.assigned' && frame.conversation.agentId === session.agentId) {
        const lastSeq = stateRef.current.conversations[frame.conversation.id]?.messages.at(-1)?.seq ?? 0;
        send({ type: 'resume', conversationId: frame.conversation.id, lastSeq });
      } else if (frame.type === 'error') {
        setToast(ERROR_TEXT[frame.code] ?? `Error: ${frame.code}`);
      } else if (frame.type === 'session.expiring') {
        setToast('Your session ends in a minute: sign in again to continue.');
      }
    },
    [follow, send, session.agentId],
  );

  useEffect(() => {
    let cancelled = false;
    const socket = new AgentSocket(session.account, session.token, {
      onFrame,
      onStatus: setStatus,
      onSessionEnded: () => ended.current(),
    });
    socketRef.current = socket;
    // the lists first, so a reconnect's catch-up knows which conversations are ours
    Promise.all([api.conversations('status=open'), api.conversations('status=closed')])
      .then(([open, closed]) => {
        if (cancelled) return;
        dispatch({ kind: 'loaded', conversations: [...open.conversations, ...closed.conversations] });
        socket.start();
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        // a refused token ends the session; anything else: the socket still brings live events
        if (err instanceof ApiError && err.status === 401) return ended.current();
        setToast('Could not load the conversation lists.');
        socket.start();
      });
    return () => {
      cancelled = true;
      socket.stop();
    };
  }, [api, onFrame, session]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 5000);
    return () => clearTimeout(timer);
  }, [toast]);

  const groups = lists(state);
  useEffect(() => setTitle(groups.waiting.length), [groups.waiting.length]);

  const selected = state.selectedId ? state.conversations[state.selectedId] : undefined;
  const mineSelected =
    selected?.conversation.status === 'active' && selected.conversation.agentId === session.agentId;

  // read receipts: the customer's last message, once the agent has it on screen
  const lastConsumerSeq = selected?.messages.filter((m) => m.from === 'consumer').at(-1)?.seq ?? 0;
  useEffect(() => {
    if (mineSelected && lastConsumerSeq > 0 && selected) {
      send({ type: 'read', conversationId: selected.conversation.id, seq: lastConsumerSeq });
    }
    // only when the seq or the selection changes
  }, [mineSelected, lastConsumerSeq, selected?.conversation.id]);

  const select = useCallback(
    (id: string) => {
      dispatch({ kind: 'select', id });
      const item = stateRef.current.conversations[id];
      if (item && !(item.conversation.status === 'active' && item.conversation.agentId === session.agentId)) {
        api
          .transcript(id)
          .then((t) => dispatch({ kind: 'transcript', conversation: t.conversation, messages: t.messages }))
          .catch(() => setToast(ERROR_TEXT.CONVERSATION_NOT_FOUND!));
      }
    },
    [api, session.agentId],
  );

  const accept = (id?: string) => {
    const target =
      id ??
      (selected?.conversation.status === 'queued'
        ? selected.conversation.id
        : groups.waiting[0]?.conversation.id);
    if (!target) return setToast('No one is waiting.');
    dispatch({ kind: 'select', id: target });
    send({ type: 'conversation.accept', conversationId: target });
  };
  const close = () => {
    if (selected && selected.conversation.status !== 'closed')
      send({ type: 'conversation.close', conversationId: selected.conversation.id });
  };
  const next = () => {
    const order = [...groups.mine, ...groups.waiting, ...groups.others];
    if (order.length === 0) return;
    const index = order.findIndex((c) => c.conversation.id === state.selectedId);
    select(order[(index + 1) % order.length]!.conversation.id);
  };
  const reply = (text: string) => {
    if (!selected) return;
    const clientMessageId = crypto.randomUUID();
    dispatch({
      kind: 'pending',
      conversationId: selected.conversation.id,
      pending: { clientMessageId, text, at: new Date().toISOString() },
    });
    if (
      !socketRef.current?.send({
        type: 'message.send',
        conversationId: selected.conversation.id,
        clientMessageId,
        text,
      })
    ) {
      dispatch({ kind: 'pending-failed', conversationId: selected.conversation.id, clientMessageId });
    }
  };
  const typing = () => {
    if (!selected || Date.now() - lastTyping.current < 3000) return;
    lastTyping.current = Date.now();
    socketRef.current?.send({ type: 'typing', conversationId: selected.conversation.id });
  };
  const signOut = async () => {
    socketRef.current?.stop();
    await api.logout().catch(() => undefined);
    onSignOut();
  };

  useShortcuts({
    a: () => accept(),
    n: next,
    c: close,
    r: () => document.getElementById('reply')?.focus(),
    h: () => selected && setHistoryOf(selected.conversation.consumerId),
    '?': () => setHelp((h) => !h),
  });

  return (
    <div className="app">
      <header className="topbar">
        <h1>Parley</h1>
        <span className={`conn ${status}`} role="status">
          {status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
        <span className="spacer" />
        <label className="small">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSoundEnabled(e.target.checked);
              setSound(e.target.checked);
            }}
          />{' '}
          Sound
        </label>
        <button type="button" className="link" onClick={() => setHelp((h) => !h)}>
          Shortcuts <kbd>?</kbd>
        </button>
        <span className="small muted" title={session.email}>
          {session.name} · {session.role}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <Sidebar
        names={namesOf(Object.values(state.conversations))}
        selectedId={state.selectedId}
        onSelect={select}
        groups={[
          { key: 'waiting', title: 'Waiting', items: groups.waiting, empty: 'No one is waiting.' },
          { key: 'mine', title: 'Mine', items: groups.mine, empty: 'Accept a waiting conversation (Alt+A).' },
          ...(groups.others.length > 0
            ? [{ key: 'others', title: 'With colleagues', items: groups.others, empty: '' }]
            : []),
          { key: 'closed', title: 'Closed', items: groups.closed, empty: 'Nothing closed yet.' },
        ]}
      />
      {selected ? (
        <ConversationView
          item={selected}
          me={session.agentId}
          now={now}
          onAccept={() => accept(selected.conversation.id)}
          onClose={close}
          onSend={reply}
          onTyping={typing}
        />
      ) : (
        <EmptyState waiting={groups.waiting.length} />
      )}
      {selected ? (
        <CustomerPanel
          profile={selected.profile}
          authState={selected.authState}
          canAskToSignIn={mineSelected}
          authRequested={selected.authRequested}
          onAskToSignIn={() => send({ type: 'auth.request', conversationId: selected.conversation.id })}
          onShowHistory={() => setHistoryOf(selected.conversation.consumerId)}
        />
      ) : (
        <aside className="panel" aria-label="Customer">
          <p className="muted">The verified customer appears here.</p>
        </aside>
      )}
      {historyOf ? <History api={api} consumerId={historyOf} onClose={() => setHistoryOf(null)} /> : null}
      {help ? <Shortcuts onClose={() => setHelp(false)} /> : null}
      {toast ? (
        <p className="toast" role="alert">
          {toast}
        </p>
      ) : null}
    </div>
  );
}

function EmptyState({ waiting }: { waiting: number }) {
  return (
    <section className="conversation empty" aria-label="Conversation">
      <h2>{waiting > 0 ? `${waiting} customer${waiting > 1 ? 's' : ''} waiting` : 'No one is waiting'}</h2>
      <p className="muted">
        {waiting > 0
          ? 'Pick a conversation on the left, or press Alt+A to accept the customer who has waited longest.'
          : 'New conversations appear on the left as customers write. Keep this tab open: its title shows how many are waiting.'}
      </p>
      <p className="muted small">
        Press <kbd>?</kbd> for keyboard shortcuts.
      </p>
    </section>
  );
}
