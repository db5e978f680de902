import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

let t: RealtimeServer;
afterEach(async () => t?.close());

/** One anonymous consumer with one conversation holding `texts`. */
async function conversationWith(texts: string[]): Promise<string> {
  const { sessionToken } = await t.anonymous();
  const socket = await t.consumer();
  await socket.auth(sessionToken);
  let conversationId = '';
  for (const text of texts) {
    socket.send({ type: 'message.send', clientMessageId: randomUUID(), text });
    conversationId = String((await socket.next((f) => f.type === 'message.ack')).conversationId);
  }
  return conversationId;
}

describe('query strings typed in a browser URL', () => {
  it('are coerced to the integers and booleans the schema asks for', async () => {
    t = await startRealtimeServer();
    await conversationWith(['one']);
    await conversationWith(['two']);
    const last = await conversationWith(['three', 'four', 'five']);
    const { sessionToken } = await t.agentLogin('acme', 'ana@acme.example');
    const base = '/v1/accounts/acme/agent/conversations';

    const limited = await t.get(`${base}?limit=2`, sessionToken);
    expect(limited.status).toBe(200);
    expect(limited.body.conversations).toHaveLength(2);
    const filtered = await t.get(`${base}?status=open&mine=false&limit=5`, sessionToken);
    expect(filtered.status).toBe(200);
    expect(filtered.body.conversations).toHaveLength(3);
    const unlimited = await t.get(base, sessionToken);
    expect(unlimited.body.conversations).toHaveLength(3);

    const transcript = await t.get(`${base}/${last}/messages?afterSeq=1&limit=1`, sessionToken);
    expect(transcript.status).toBe(200);
    expect((transcript.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['four']);
  });

  it('still refuses values that are not what the schema asks for', async () => {
    t = await startRealtimeServer();
    const { sessionToken } = await t.agentLogin('acme', 'ana@acme.example');
    for (const query of ['?limit=abc', '?limit=0', '?limit=2.5', '?mine=maybe', '?extra=1']) {
      const res = await t.get(`/v1/accounts/acme/agent/conversations${query}`, sessionToken);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'REQUEST_INVALID',
      });
    }
  });
});

describe('JSON bodies', () => {
  it('are never coerced: a number where a string is required is refused', async () => {
    t = await startRealtimeServer();
    const numeric = await t.post('/v1/accounts/acme/authenticate', { idToken: 12345 });
    expect(numeric.status).toBe(400);
    expect(numeric.body).toMatchObject({ code: 'REQUEST_INVALID', detail: 'body.idToken must be string' });
    const login = await t.post('/v1/accounts/acme/agents/login', { email: 'ana@acme.example', password: 1 });
    expect(login.status).toBe(400);
    expect(login.body.code).toBe('REQUEST_INVALID');
  });
});
