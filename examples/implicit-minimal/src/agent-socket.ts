// The agent side without any SDK: REST login, then raw JSON frames on the agent WebSocket
// (docs/realtime.md). Every frame received is kept, so a caller can wait for one by predicate.
import WebSocket from 'ws';

export type Frame = { type: string; [key: string]: unknown };

export interface AgentSocket {
  send(frame: Frame): void;
  /** The first frame (already received or still to come) that `match` accepts. */
  next(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  close(): void;
}

export async function agentLogin(
  parleyUrl: string,
  account: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const res = await fetch(`${parleyUrl}/v1/accounts/${account}/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!res.ok) throw new Error(`agent login failed: ${((await res.json()) as { code: string }).code}`);
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}

export async function openAgentSocket(
  parleyUrl: string,
  account: string,
  token: string,
): Promise<AgentSocket> {
  const ws = new WebSocket(`${parleyUrl.replace(/^http/, 'ws')}/v1/accounts/${account}/agent/ws`);
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of waiters) wake();
  });
  const socket: AgentSocket = {
    send: (frame) => ws.send(JSON.stringify(frame)),
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = frames.findIndex(match);
          if (index === -1) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(frames.splice(index, 1)[0]!);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('agent: the expected frame did not come'));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  socket.send({ type: 'auth', token }); // the token goes in a frame, never in the URL
  await socket.next((f) => f.type === 'auth.ok');
  return socket;
}
