import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ConversationState } from '../lib/state.ts';
import { formatClock } from '../lib/format.ts';
import { titleOf } from './Sidebar.tsx';

interface ConversationViewProps {
  item: ConversationState;
  me: string;
  now: number;
  onAccept: () => void;
  onClose: () => void;
  onSend: (text: string) => void;
  onTyping: () => void;
}

type Line =
  | { kind: 'message'; key: string; at: string; from: string; text: string; seq?: number; state?: string }
  | { kind: 'note'; key: string; at: string; text: string };

/** The transcript, the reply box and the conversation's actions. */
export function ConversationView({
  item,
  me,
  now,
  onAccept,
  onClose,
  onSend,
  onTyping,
}: ConversationViewProps) {
  const { conversation } = item;
  const mine = conversation.status === 'active' && conversation.agentId === me;
  const [text, setText] = useState('');
  const end = useRef<HTMLDivElement>(null);
  const lines = linesOf(item);
  const lastAgentSeq = Math.max(0, ...item.messages.filter((m) => m.from === 'agent').map((m) => m.seq));

  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [lines.length]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    onSend(trimmed);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) submit(event as unknown as FormEvent);
  };

  return (
    <section className="conversation" aria-label="Conversation">
      <header>
        <div>
          <h2>{titleOf(item)}</h2>
          <p className="muted small">
            {statusText(item, me)} · started {formatClock(conversation.createdAt)}
          </p>
        </div>
        <div className="actions">
          {conversation.status === 'queued' ? (
            <button type="button" className="primary" onClick={onAccept} title="Accept (Alt+A)">
              Accept <kbd>Alt+A</kbd>
            </button>
          ) : null}
          {conversation.status !== 'closed' && (mine || conversation.status === 'queued') ? (
            <button type="button" onClick={onClose} title="Close (Alt+C)">
              Close <kbd>Alt+C</kbd>
            </button>
          ) : null}
        </div>
      </header>
      <ol className="transcript" aria-label="Transcript" aria-live="polite">
        {lines.map((line) =>
          line.kind === 'note' ? (
            <li key={line.key} className="note">
              {line.text} <time>{formatClock(line.at)}</time>
            </li>
          ) : (
            <li key={line.key} className={`msg ${line.from}`} data-from={line.from} data-state={line.state}>
              <p>{line.text}</p>
              <span className="small muted">
                {line.from === 'agent'
                  ? (conversation.agentName ?? 'Agent')
                  : line.from === 'consumer'
                    ? 'Customer'
                    : 'Parley'}{' '}
                · {formatClock(line.at)}
                {line.state === 'sending' ? ' · sending…' : line.state === 'failed' ? ' · not sent' : ''}
                {line.from === 'agent' && line.seq === lastAgentSeq && item.consumerReadSeq >= lastAgentSeq
                  ? ' · seen'
                  : ''}
              </span>
            </li>
          ),
        )}
      </ol>
      {item.consumerTypingUntil > now ? <p className="typing small muted">The customer is typing…</p> : null}
      <div ref={end} />
      {mine ? (
        <form className="composer" onSubmit={submit}>
          <label className="sr-only" htmlFor="reply">
            Reply
          </label>
          <textarea
            id="reply"
            name="reply"
            value={text}
            placeholder="Write a reply — Enter sends, Shift+Enter adds a line"
            onChange={(e) => {
              setText(e.target.value);
              onTyping();
            }}
            onKeyDown={onKeyDown}
            rows={2}
          />
          <button type="submit" className="primary" disabled={!text.trim()}>
            Send
          </button>
        </form>
      ) : (
        <p className="composer-hint muted small">{hintFor(item, me)}</p>
      )}
    </section>
  );
}

function statusText(item: ConversationState, me: string): string {
  const c = item.conversation;
  if (c.status === 'queued') return 'Waiting for an agent';
  if (c.status === 'closed') return `Closed${c.agentName ? ` · handled by ${c.agentName}` : ''}`;
  return c.agentId === me ? 'With you' : `With ${c.agentName ?? 'another agent'}`;
}

function hintFor(item: ConversationState, me: string): string {
  const c = item.conversation;
  if (c.status === 'queued') return 'Accept the conversation to reply.';
  if (c.status === 'closed') return 'This conversation is closed.';
  return c.agentId === me ? '' : 'Another agent is handling this conversation.';
}

function linesOf(item: ConversationState): Line[] {
  const lines: Line[] = [
    ...item.messages.map((m) => ({
      kind: 'message' as const,
      key: m.id,
      at: m.createdAt,
      from: m.from,
      text: m.text,
      seq: m.seq,
      state: 'delivered',
    })),
    ...item.pending.map((p) => ({
      kind: 'message' as const,
      key: p.clientMessageId,
      at: p.at,
      from: 'agent',
      text: p.text,
      state: p.failed ? 'failed' : 'sending',
    })),
    ...item.notes.map((n) => ({ kind: 'note' as const, key: n.id, at: n.at, text: n.text })),
  ];
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}
