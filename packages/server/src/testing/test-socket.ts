import WebSocket from 'ws';
import type { ServerFrame } from '@parley/protocol';

type Frame = ServerFrame & Record<string, unknown>;

/** A real `ws` client that records every frame and its close code. */
export class TestSocket {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];
  private readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options);
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends `auth` and waits for `auth.ok` (or throws with what came instead). */
  async auth(token: string): Promise<Frame> {
    this.send({ type: 'auth', token });
    return this.next((f) => f.type === 'auth.ok' || f.type === 'error');
  }

  /** The first recorded frame matching `predicate` not yet taken by `next`, waiting for it. */
  async next(predicate: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((f) => !(f as { taken?: boolean }).taken && predicate(f));
      if (index >= 0) {
        const frame = this.frames[index] as Frame & { taken?: boolean };
        Object.defineProperty(frame, 'taken', { value: true, enumerable: false });
        return frame;
      }
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  ofType(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  waitClose(timeoutMs = 8000): Promise<number> {
    return Promise.race([
      this.closed,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no close')), timeoutMs)),
    ]);
  }
}
