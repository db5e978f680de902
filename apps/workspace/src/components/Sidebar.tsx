import type { ConversationState } from '../lib/state.ts';
import { formatClock } from '../lib/format.ts';

interface SidebarProps {
  names: Record<string, string>;
  groups: { title: string; key: string; items: ConversationState[]; empty: string }[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** Waiting, mine and closed conversations, live. */
export function Sidebar({ groups, names, selectedId, onSelect }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Conversations">
      {groups.map((group) => (
        <section key={group.key} aria-label={group.title} data-testid={`list-${group.key}`}>
          <h2>
            {group.title} <span className="count">{group.items.length}</span>
          </h2>
          {group.items.length === 0 ? <p className="muted small">{group.empty}</p> : null}
          <ul>
            {group.items.map((c) => (
              <li key={c.conversation.id}>
                <button
                  type="button"
                  className={c.conversation.id === selectedId ? 'item selected' : 'item'}
                  onClick={() => onSelect(c.conversation.id)}
                  aria-current={c.conversation.id === selectedId ? 'true' : undefined}
                  data-conversation-id={c.conversation.id}
                >
                  <span className="who">{titleOf(c, names)}</span>
                  <span className="meta">
                    {c.conversation.authenticated ? (
                      <span className="dot ok" title="Verified customer" />
                    ) : (
                      <span className="dot" title="Anonymous" />
                    )}
                    {lastText(c)}
                  </span>
                  <span className="time">{formatClock(c.conversation.createdAt)}</span>
                  {c.unread > 0 ? (
                    <span className="unread" aria-label={`${c.unread} unread`}>
                      {c.unread}
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

/** The customer's verified name when a profile of theirs is known, else what we can honestly say. */
export function titleOf(c: ConversationState, names: Record<string, string> = {}): string {
  const name = c.profile?.verified.standard.name;
  if (typeof name === 'string' && name) return name;
  const known = names[c.conversation.consumerId];
  if (known) return known;
  return c.conversation.authenticated ? 'Verified customer' : 'Anonymous visitor';
}

/** Verified names by consumer id, from every profile the workspace received. */
export function namesOf(items: readonly ConversationState[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const c of items) {
    const name = c.profile?.verified.standard.name;
    if (typeof name === 'string' && name) names[c.profile!.consumerId] = name;
  }
  return names;
}

function lastText(c: ConversationState): string {
  const last = c.messages.at(-1);
  if (!last)
    return c.conversation.agentName && c.conversation.status !== 'queued'
      ? `with ${c.conversation.agentName}`
      : '';
  return last.text.length > 48 ? `${last.text.slice(0, 47)}…` : last.text;
}
