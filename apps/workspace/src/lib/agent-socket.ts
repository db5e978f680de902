import type { AgentClientFrame, AgentServerFrame } from '@parley/protocol';

export type SocketStatus = 'connecting' | 'open' | 'closed' | 'ended';

export interface AgentSocketHandlers {
  onFrame(frame: AgentServerFrame & { id?: string }): void;
  onStatus(status: SocketStatus): void;
  /** The session ended (4401: logout, expiry, revocation): sign in again. */
  onSessionEnded(): void;
}

/**
 * The agent WebSocket: authenticates with a first `auth` frame (never the URL), reconnects
 * with backoff, and stops for good on 4401 (the session is over).
 */
export class AgentSocket {
  private ws: WebSocket | null = null;
  private attempts = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly account: string,
    private readonly token: string,
    private readonly handlers: AgentSocketHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close(1000);
    this.ws = null;
  }

  send(frame: AgentClientFrame): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${window.location.host}/v1/accounts/${encodeURIComponent(this.account)}/agent/ws`;
    this.handlers.onStatus('connecting');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'auth', token: this.token })));
    ws.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as AgentServerFrame;
      if (frame.type === 'auth.ok') {
        this.attempts = 0;
        this.handlers.onStatus('open');
      }
      this.handlers.onFrame(frame);
    });
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (event.code === 4401) {
        this.handlers.onStatus('ended');
        this.handlers.onSessionEnded();
        return;
      }
      this.handlers.onStatus('closed');
      if (!this.stopped) this.retry();
    });
  }

  private retry(): void {
    const delay = Math.min(30_000, 500 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts += 1;
    this.timer = setTimeout(() => this.open(), delay);
  }
}
