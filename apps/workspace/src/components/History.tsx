import { useEffect, useState } from 'react';
import type { Conversation, Message } from '@parley/protocol';
import type { Api } from '../lib/api.ts';
import { formatClock, formatTime } from '../lib/format.ts';
import { Dialog } from './Dialog.tsx';

/** The consumer's earlier conversations on every device, one page at a time. */
export function History({ api, consumerId, onClose }: { api: Api; consumerId: string; onClose: () => void }) {
  const [items, setItems] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<{ id: string; messages: Message[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (before?: string) => {
    try {
      const page = await api.history(consumerId, before);
      setItems((current) => [...current, ...page.conversations]);
      setCursor(page.nextCursor);
    } catch {
      setError('Could not load the history.');
    }
  };
  useEffect(() => {
    void load();
    // once per consumer
  }, [consumerId]);

  const show = async (id: string) => {
    try {
      const { messages } = await api.transcript(id);
      setOpen({ id, messages });
    } catch {
      setError('You cannot open this conversation.');
    }
  };

  return (
    <Dialog className="history" title="Earlier conversations" closeLabel="Close history" onClose={onClose}>
      {error ? <p className="error">{error}</p> : null}
      {items.length === 0 && !error ? <p className="muted small">No other conversations.</p> : null}
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <button type="button" className="item" onClick={() => void show(c.id)}>
              <span>{formatTime(c.createdAt)}</span>
              <span className="muted small">
                {c.status}
                {c.agentName ? ` · ${c.agentName}` : ''}
              </span>
            </button>
            {open?.id === c.id ? (
              <ol className="transcript mini">
                {open.messages.map((m) => (
                  <li key={m.id} className={`msg ${m.from}`}>
                    <p>{m.text}</p>
                    <span className="small muted">{formatClock(m.createdAt)}</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ul>
      {cursor ? (
        <button type="button" className="link" onClick={() => void load(cursor)}>
          Older…
        </button>
      ) : null}
    </Dialog>
  );
}
