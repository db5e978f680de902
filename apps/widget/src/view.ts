import type { Message } from '@parley/protocol';
import { h } from './dom.ts';
import type { WidgetState } from './state.ts';
import { applyStyles } from './styles.ts';

/** What the consumer can do; widget.ts decides what each does. */
export interface ViewActions {
  toggle(): void;
  signIn(): void;
  signOut(): void;
  restart(): void;
  send(text: string): void;
}

/** The rendered widget: render the store, show messages, move focus. */
export interface WidgetView {
  host: HTMLElement;
  render(state: WidgetState): void;
  showMessage(message: Message, pending?: { clientMessageId: string }): void;
  markDelivered(clientMessageId: string, message: { id: string; seq: number }): void;
  clearTranscript(): void;
}

interface Notice {
  kind: 'info' | 'warn' | 'error';
  text: string;
  action?: { label: string; run: keyof ViewActions };
}

/**
 * Builds the widget inside a closed-to-the-page shadow root on a `<parley-widget>` host: the
 * brand's CSS cannot reach in (only inherited properties, reset by `all: initial`), and ours
 * cannot leak out. Keyboard only: every control is a button or a field, Escape minimizes and
 * returns focus to the launcher, new messages are announced by the `role="log"` live region.
 */
export function createView(actions: ViewActions, title: string): WidgetView {
  const host = document.createElement('parley-widget');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);

  const badge = h('span', { class: 'badge', hidden: true });
  const launcher = h(
    'button',
    { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'parley-panel' },
    'Chat with us',
    badge,
  );
  const signIn = h('button', { type: 'button', 'data-action': 'sign-in' }, 'Sign in');
  const signOut = h('button', { type: 'button', 'data-action': 'sign-out' }, 'Sign out');
  const minimize = h('button', { type: 'button', 'aria-label': 'Minimize chat' }, '–');
  const name = h('strong');
  const who = h(
    'div',
    { class: 'who' },
    'Signed in as ',
    name,
    h('span', { class: 'verified' }, '✓ Verified'),
  );
  const notice = h('div', { class: 'notice', role: 'status' });
  const transcript = h('ol');
  // the live region wraps the list: a role on the <ol> itself would hide its items' list semantics
  const log = h(
    'div',
    { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' },
    transcript,
  );
  const status = h('p', { class: 'status', role: 'status' });
  const input = h('textarea', { id: 'parley-message', rows: '1', maxlength: '2000', autocomplete: 'off' });
  const send = h('button', { class: 'primary', type: 'submit' }, 'Send');
  const form = h('form', {}, h('label', { class: 'sr-only', for: 'parley-message' }, 'Message'), input, send);
  const panel = h(
    'section',
    { class: 'panel', id: 'parley-panel', role: 'dialog', 'aria-labelledby': 'parley-title', hidden: true },
    h('header', {}, h('h2', { id: 'parley-title' }, title), signIn, signOut, minimize),
    who,
    notice,
    log,
    status,
    form,
  );
  root.append(launcher, panel);

  launcher.addEventListener('click', () => actions.toggle());
  minimize.addEventListener('click', () => actions.toggle());
  signIn.addEventListener('click', () => actions.signIn());
  signOut.addEventListener('click', () => actions.signOut());
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') actions.toggle();
  });
  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    actions.send(text);
  });

  let wasOpen = false;
  let noticeKey: string | null = null;
  const itemFor = (attr: string, value: string) =>
    transcript.querySelector<HTMLLIElement>(`li[${attr}="${CSS.escape(value)}"]`);

  return {
    host,
    render(state) {
      host.dataset.auth = state.auth;
      host.dataset.connection = state.connection;
      host.dataset.renewals = String(state.renewals);
      host.dataset.open = String(state.open);
      launcher.setAttribute('aria-expanded', String(state.open));
      launcher.hidden = state.open;
      panel.hidden = !state.open;
      badge.hidden = state.unread === 0 || state.open;
      badge.textContent = String(state.unread);
      launcher.setAttribute(
        'aria-label',
        state.unread > 0 ? `Chat with us, ${state.unread} unread` : 'Chat with us',
      );
      const signedIn = state.auth === 'signed-in';
      who.hidden = !signedIn;
      name.textContent = state.displayName ?? 'you';
      signIn.hidden = signedIn || !state.canSignIn || state.auth === 'signing-in';
      signOut.hidden = !signedIn;
      renderNotice(noticeFor(state));
      status.textContent = statusFor(state);
      const usable = state.connection === 'open' && state.auth !== 'logged-out';
      send.disabled = !usable;
      if (state.open && !wasOpen) input.focus();
      if (!state.open && wasOpen) launcher.focus();
      wasOpen = state.open;
    },
    showMessage(message, pending) {
      if (itemFor('data-message-id', message.id)) return;
      const own = message.clientMessageId ? itemFor('data-client-message-id', message.clientMessageId) : null;
      // our own message coming back before its ack: the oldest pending item with that text
      const mine =
        own ??
        (message.from === 'consumer'
          ? Array.from(transcript.querySelectorAll<HTMLLIElement>('li[data-state="sending"]')).find(
              (li) => li.textContent === message.text,
            )
          : undefined);
      if (mine && !pending) {
        mine.dataset.messageId = message.id;
        mine.dataset.seq = String(message.seq);
        mine.dataset.state = 'delivered';
        return;
      }
      const li = h('li', { 'data-from': message.from }, message.text);
      if (pending) {
        li.dataset.clientMessageId = pending.clientMessageId;
        li.dataset.state = 'sending';
      } else {
        li.dataset.messageId = message.id;
        li.dataset.seq = String(message.seq);
      }
      transcript.append(li);
      li.scrollIntoView?.({ block: 'end' });
    },
    markDelivered(clientMessageId, message) {
      const li = itemFor('data-client-message-id', clientMessageId);
      if (!li || (li.dataset.messageId && li.dataset.messageId !== message.id)) return;
      li.dataset.state = 'delivered';
      li.dataset.messageId = message.id;
      li.dataset.seq = String(message.seq);
    },
    clearTranscript() {
      transcript.replaceChildren();
    },
  };

  function renderNotice(next: Notice | null): void {
    // rebuilt only when it changes: a re-render must not steal the focus of its button
    const key = next === null ? '' : `${next.kind}|${next.text}|${next.action?.label ?? ''}`;
    if (key === noticeKey) return;
    noticeKey = key;
    notice.hidden = next === null;
    if (next === null) return notice.replaceChildren();
    notice.className = `notice ${next.kind}`;
    notice.setAttribute('role', next.kind === 'error' ? 'alert' : 'status');
    const children: (Node | string)[] = [next.text];
    if (next.action) {
      const run = next.action.run;
      const button = h('button', { class: 'link', type: 'button' }, next.action.label);
      button.addEventListener('click', () => (actions[run] as () => void)());
      children.push(button);
    }
    notice.replaceChildren(...children);
  }
}

function noticeFor(state: WidgetState): Notice | null {
  const signInAgain = state.canSignIn ? { label: 'Try again', run: 'signIn' as const } : undefined;
  switch (state.auth) {
    case 'signing-in':
      return { kind: 'info', text: 'Signing you in…' };
    case 'sign-in-failed':
      return {
        kind: 'error',
        text: 'We could not sign you in. You can keep chatting as a guest; your messages are kept.',
        ...(signInAgain ? { action: signInAgain } : {}),
      };
    case 'logged-out':
      return {
        kind: 'info',
        text: 'You are signed out. This conversation was removed from this device.',
        action: { label: 'Start a new chat', run: 'restart' },
      };
    default:
      break;
  }
  if (state.authRequested && state.auth !== 'signed-in' && state.canSignIn)
    return {
      kind: 'warn',
      text: 'The agent asks you to sign in to continue.',
      action: { label: 'Sign in', run: 'signIn' },
    };
  if (state.connection === 'reconnecting') return { kind: 'warn', text: 'Connection lost. Reconnecting…' };
  return null;
}

function statusFor(state: WidgetState): string {
  if (state.connection === 'connecting') return 'Connecting…';
  if (state.connection !== 'open') return '';
  const who = state.auth === 'signed-in' ? 'Secure chat' : 'Chatting as a guest';
  return state.renewals > 0 ? `${who} · session renewed` : who;
}
