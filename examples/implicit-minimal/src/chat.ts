// A consumer (the @parley/sdk a brand app would `npm i`) and an agent (raw frames) meet in a
// verified chat: sign in with the brand's id_token, talk, drop the consumer's connection, and
// resume where it left off.
import {
  createMemoryStorage,
  createParleyClient,
  type KeyValueStorage,
  type WebSocketConstructor,
} from '@parley/sdk';
import WebSocket from 'ws';
import { agentLogin, openAgentSocket, type Frame } from './agent-socket.ts';

export interface ChatOptions {
  parleyUrl: string;
  account: string;
  /** The brand backend's `POST /id-token` answer (JWS or JWE). */
  idToken: string;
  agent: { email: string; password: string };
  log?: (line: string) => void;
}

export interface ChatResult {
  conversationId: string;
  /** The verified profile the agent got in `consumer.profile`. */
  profile: Record<string, unknown>;
  /** Every message text the consumer saw, in seq order, after resuming. */
  consumerTranscript: string[];
}

/** `ws` for Node 20 (browsers and React Native have a global WebSocket). */
const NodeWebSocket: WebSocketConstructor = WebSocket;

function consumer(options: ChatOptions, storage: KeyValueStorage) {
  return createParleyClient({
    platformUrl: options.parleyUrl,
    account: options.account,
    storage, // a browser would use localStorage (the default); the session survives a restart
    WebSocket: NodeWebSocket,
  });
}

export async function runChat(options: ChatOptions): Promise<ChatResult> {
  const log = options.log ?? (() => {});
  const { parleyUrl, account } = options;
  const agent = await openAgentSocket(
    parleyUrl,
    account,
    await agentLogin(parleyUrl, account, options.agent),
  );
  const storage = createMemoryStorage();

  // 1. consumer: the brand's id_token for a verified session, then a first message
  let client = consumer(options, storage);
  const session = await client.authenticate({ idToken: options.idToken });
  log(`consumer ${session.consumerId} signed in (authenticated: ${session.authenticated})`);
  await client.connect();
  const { conversationId } = await client.send('Hi, my card was declined');
  const agentReply = new Promise<string>((resolve) =>
    client.on('message', ({ message }) => message.from === 'agent' && resolve(message.text)),
  );

  // 2. agent: the conversation shows up in the queue; accept it and read the verified profile
  await agent.next((f) => f.type === 'conversation.queued' && conversationOf(f) === conversationId);
  agent.send({ type: 'conversation.accept', conversationId });
  const { profile } = (await agent.next((f) => f.type === 'consumer.profile')) as Frame & {
    profile: Record<string, unknown>;
  };
  log(`agent sees the verified profile: ${JSON.stringify(profile)}`);
  agent.send({ type: 'message.send', conversationId, clientMessageId: 'reply-1', text: 'Let me check that' });
  log(`consumer got the reply: ${await agentReply}`);

  // 3. the consumer goes away; the agent writes meanwhile; a new client resumes from storage
  client.close();
  agent.send({ type: 'message.send', conversationId, clientMessageId: 'reply-2', text: 'Fixed, try again' });
  await agent.next((f) => f.type === 'message.ack' && f.clientMessageId === 'reply-2');
  client = consumer(options, storage);
  const missed = new Promise<void>((resolve) =>
    client.on('message', ({ message }) => message.text === 'Fixed, try again' && resolve()),
  );
  await client.connect(); // stored session, then `resume` from the last seq it saw
  await missed;
  log('consumer reconnected and got the message it missed');
  await client.send('It works, thanks!');
  await agent.next((f) => f.type === 'message.created' && textOf(f) === 'It works, thanks!');

  // 4. the agent closes it: the consumer's next message opens a new, queued conversation
  const closed = new Promise<void>((resolve) =>
    client.on('conversation', ({ type }) => type === 'closed' && resolve()),
  );
  agent.send({ type: 'conversation.close', conversationId });
  await closed;
  const consumerTranscript = client.transcript(conversationId).map((m) => m.text);
  client.close();
  agent.close();
  return { conversationId, profile, consumerTranscript };
}

const conversationOf = (f: Frame) => (f.conversation as { id: string }).id;
const textOf = (f: Frame) => (f.message as { text: string }).text;

// `npx tsx examples/implicit-minimal/src/chat.ts` (brand backend and Parley running)
if (import.meta.url === `file://${process.argv[1]}`) {
  const brandUrl = process.env.BRAND_URL ?? 'http://127.0.0.1:4001';
  const encrypt = process.argv.includes('--encrypt') ? '?encrypt=1' : '';
  const res = await fetch(`${brandUrl}/id-token${encrypt}`, { method: 'POST' });
  const { idToken } = (await res.json()) as { idToken: string };
  const result = await runChat({
    parleyUrl: process.env.PARLEY_URL ?? 'http://127.0.0.1:3000',
    account: 'acme',
    idToken,
    agent: { email: 'ada@acme.example', password: 'correct horse battery' },
    log: (line) => console.log(line),
  });
  console.log(`transcript of ${result.conversationId}:`, result.consumerTranscript);
}
