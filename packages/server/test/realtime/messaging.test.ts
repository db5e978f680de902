import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { TestSocket } from './harness.ts';
import { startRealtimeServer, AGENT_PASSWORD, type RealtimeServer } from './harness.ts';
import { ADMIN_KEY } from '../../src/testing/build-test-app.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer({
    realtime: { authTimeoutMs: 1500, expiryWarningMs: 1500, rateLimit: { burst: 500, perSecond: 500 } },
  });
});
afterAll(async () => t.close());

const send = (s: TestSocket, text: string, extra: Record<string, unknown> = {}) => {
  const clientMessageId = randomUUID();
  s.send({ type: 'message.send', clientMessageId, text, ...extra });
  return clientMessageId;
};

/** A consumer socket (authenticated as `sub`) that opened a conversation, and an agent that accepted it. */
async function chat(sub: string, agentEmail = 'ana@acme.example') {
  const session = await t.login(sub);
  const consumer = await t.consumer();
  await consumer.auth(session.sessionToken);
  const agentSession = await t.agentLogin('acme', agentEmail);
  const agent = await t.agent();
  expect((await agent.auth(agentSession.sessionToken)).type).toBe('auth.ok');
  send(consumer, 'hello');
  const ack = await consumer.next((f) => f.type === 'message.ack');
  const conversationId = ack.conversationId as string;
  await agent.next(
    (f) => f.type === 'conversation.queued' && (f.conversation as { id: string }).id === conversationId,
  );
  agent.send({ type: 'conversation.accept', conversationId });
  await agent.next(
    (f) => f.type === 'conversation.assigned' && (f.conversation as { id: string }).id === conversationId,
  );
  return { session, consumer, agent, agentSession, conversationId };
}

/**
 * A consumer socket (authenticated with `sessionToken`) whose `text` opened a conversation, and
 * Ana's socket having sent `conversation.accept` for it (what follows is for the test to read).
 */
async function acceptedByAna(sessionToken: string, text: string) {
  const consumer = await t.consumer();
  await consumer.auth(sessionToken);
  send(consumer, text);
  const conversationId = (await consumer.next((f) => f.type === 'message.ack')).conversationId as string;
  const anaToken = (await t.agentLogin('acme', 'ana@acme.example')).sessionToken;
  const ana = await t.agent();
  await ana.auth(anaToken);
  ana.send({ type: 'conversation.accept', conversationId });
  return { consumer, conversationId, ana };
}

describe('authentication of sockets', () => {
  it('closes 4401 when no auth frame arrives in time', async () => {
    const s = await t.consumer();
    expect(await s.waitClose()).toBe(4401);
  });

  it('closes 4401 on a bad token, and on a first frame that is not auth', async () => {
    const a = await t.consumer();
    a.send({ type: 'auth', token: 'not-a-token' });
    expect(await a.waitClose()).toBe(4401);
    const b = await t.consumer();
    send(b, 'hi');
    expect(await b.waitClose()).toBe(4401);
  });

  it('refuses a consumer token on the agent socket and an agent token on the consumer socket', async () => {
    const consumerSession = await t.anonymous();
    const agentSession = await t.agentLogin('acme', 'ana@acme.example');
    const onAgent = await t.agent();
    onAgent.send({ type: 'auth', token: consumerSession.sessionToken });
    expect(await onAgent.waitClose()).toBe(4401);
    const onConsumer = await t.consumer();
    onConsumer.send({ type: 'auth', token: agentSession.sessionToken });
    expect(await onConsumer.waitClose()).toBe(4401);
    // and over REST
    expect((await t.get('/v1/accounts/acme/agent/conversations', consumerSession.sessionToken)).status).toBe(
      401,
    );
    expect((await t.get('/v1/accounts/acme/consumer/conversations', agentSession.sessionToken)).status).toBe(
      401,
    );
  });

  it('refuses anonymous sockets on an account that requires authentication', async () => {
    const anon = await t.anonymous('acme'); // a token of another account is no better
    const s = await t.consumer('locked');
    s.send({ type: 'auth', token: anon.sessionToken });
    expect(await s.waitClose()).toBe(4401);
    const ok = await t.login('locked-user', { account: 'locked' });
    const s2 = await t.consumer('locked');
    expect(await s2.auth(ok.sessionToken)).toMatchObject({ type: 'auth.ok', authenticated: true });
  });

  it('answers auth.ok with the consumer id, and re-auth with a fresh token of the same consumer keeps the socket', async () => {
    const first = await t.login('reauth-user');
    const s = await t.consumer();
    expect(await s.auth(first.sessionToken)).toMatchObject({
      type: 'auth.ok',
      consumerId: first.consumerId,
      authenticated: true,
    });
    const second = await t.login('reauth-user');
    expect(await s.auth(second.sessionToken)).toMatchObject({
      type: 'auth.ok',
      consumerId: first.consumerId,
    });
    const other = await t.login('someone-else');
    s.send({ type: 'auth', token: other.sessionToken, id: 'x' });
    expect(await s.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'SESSION_INVALID',
      id: 'x',
    });
    send(s, 'still here');
    expect(await s.next((f) => f.type === 'message.ack')).toMatchObject({ seq: 1 });
  });
});

describe('agent login', () => {
  it('returns an agent session and refuses unknown email and wrong password alike', async () => {
    const ok = await t.post('/v1/accounts/acme/agents/login', {
      email: 'ANA@acme.example',
      password: AGENT_PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      agentId: expect.stringMatching(/^agt_/),
      sessionToken: expect.any(String),
      name: 'Ana',
      role: 'agent',
    });
    const wrong = await t.post('/v1/accounts/acme/agents/login', {
      email: 'ana@acme.example',
      password: 'nope-nope',
    });
    const unknown = await t.post('/v1/accounts/acme/agents/login', {
      email: 'who@acme.example',
      password: AGENT_PASSWORD,
    });
    const otherAccount = await t.post('/v1/accounts/globex/agents/login', {
      email: 'ana@acme.example',
      password: AGENT_PASSWORD,
    });
    for (const res of [wrong, unknown, otherAccount]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AGENT_CREDENTIALS_INVALID');
    }
    expect((await t.post('/v1/accounts/acme/agents/login', { email: 'x' })).status).toBe(400);
  });
});

describe('messaging', () => {
  it('delivers agent messages to every device of the consumer, the sending socket included', async () => {
    const { session, consumer, agent, conversationId } = await chat('two-devices');
    const phone = await t.consumer();
    await phone.auth(session.sessionToken);
    const cmid = send(agent, 'how can I help?', { conversationId });
    const ack = await agent.next((f) => f.type === 'message.ack');
    expect(ack).toMatchObject({ clientMessageId: cmid, conversationId, seq: 2 });
    for (const s of [consumer, phone, agent]) {
      const created = await s.next(
        (f) => f.type === 'message.created' && (f.message as { seq: number }).seq === 2,
      );
      expect(created.message).toMatchObject({ from: 'agent', text: 'how can I help?', id: ack.messageId });
    }
    // the consumer's own message reached its sending socket too
    expect(consumer.ofType('message.created').map((f) => (f.message as { seq: number }).seq)).toEqual([1, 2]);
  });

  it('stores a repeated clientMessageId once and acks it again with the same messageId and seq', async () => {
    const { consumer, agent, conversationId } = await chat('dup-user');
    const clientMessageId = randomUUID();
    consumer.send({ type: 'message.send', clientMessageId, text: 'once' });
    const first = await consumer.next(
      (f) => f.type === 'message.ack' && f.clientMessageId === clientMessageId,
    );
    consumer.send({ type: 'message.send', clientMessageId, text: 'once', id: 'retry' });
    const second = await consumer.next(
      (f) => f.type === 'message.ack' && f.clientMessageId === clientMessageId,
    );
    expect(second).toEqual({ ...first, id: 'retry' });
    send(consumer, 'marker');
    await agent.next(
      (f) => f.type === 'message.created' && (f.message as { text: string }).text === 'marker',
    );
    const texts = agent.ofType('message.created').map((f) => (f.message as { text: string }).text);
    expect(texts.filter((x) => x === 'once')).toHaveLength(1);
    const transcript = await t.get(
      `/v1/accounts/acme/agent/conversations/${conversationId}/messages`,
      (await t.agentLogin('acme', 'ana@acme.example')).sessionToken,
    );
    expect((transcript.body.messages as { seq: number }[]).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('loses nothing across a dropped socket: resume replays every later seq in order', async () => {
    const { session, consumer, agent, conversationId } = await chat('reconnect-user');
    await consumer.next((f) => f.type === 'message.created');
    consumer.ws.terminate();
    for (let i = 0; i < 25; i++) send(agent, `while away ${i}`, { conversationId });
    for (let i = 0; i < 25; i++) await agent.next((f) => f.type === 'message.ack');
    const again = await t.consumer();
    await again.auth(session.sessionToken);
    again.send({ type: 'resume', conversationId, lastSeq: 1, id: 'r1' });
    const done = await again.next((f) => f.type === 'resume.done');
    expect(done).toEqual({ type: 'resume.done', conversationId, lastSeq: 26, id: 'r1' });
    const seqs = again.ofType('message.created').map((f) => (f.message as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
  });

  it('shows the second device the history of closed conversations and the open one', async () => {
    const { session, agent, conversationId } = await chat('history-user');
    agent.send({ type: 'conversation.close', conversationId });
    await agent.next((f) => f.type === 'conversation.closed');
    const laptop = await t.consumer();
    await laptop.auth((await t.login('history-user')).sessionToken);
    send(laptop, 'new question');
    await laptop.next((f) => f.type === 'conversation.opened');
    const history = await t.get('/v1/accounts/acme/consumer/conversations', session.sessionToken);
    const list = history.body.conversations as { id: string; status: string; messages: { text: string }[] }[];
    expect(list.map((c) => c.status)).toEqual(['closed', 'queued']);
    expect(list[0]).toMatchObject({ id: conversationId, messages: [{ text: 'hello' }] });
    expect(list[1]?.messages.map((m) => m.text)).toEqual(['new question']);
  });

  it('sends the agent a masked profile, a supervisor the revealed one, and forwards auth.request', async () => {
    const session = await t.login('profile-user', { claims: { account_number: '1234567890', name: 'Pat' } });
    const { consumer, conversationId, ana } = await acceptedByAna(session.sessionToken, 'hi');
    const profile = await ana.next((f) => f.type === 'consumer.profile');
    expect(profile.profile).toMatchObject({
      authenticated: true,
      verified: { standard: { name: 'Pat' }, custom: [{ value: '••••7890', masked: true }] },
    });
    expect(await ana.next((f) => f.type === 'consumer.auth_state')).toMatchObject({
      state: 'authenticated',
      consumerId: session.consumerId,
    });
    expect(JSON.stringify(ana.frames)).not.toContain('1234567890');
    const samToken = (await t.agentLogin('acme', 'sam@acme.example')).sessionToken;
    const sam = await t.agent();
    await sam.auth(samToken);
    const samView = await t.get(
      `/v1/accounts/acme/agent/conversations/${conversationId}/messages`,
      (await t.agentLogin('acme', 'sam@acme.example')).sessionToken,
    );
    expect(samView.status).toBe(200);
    ana.send({ type: 'auth.request', conversationId: conversationId as string, id: 'ar' });
    expect(await consumer.next((f) => f.type === 'auth.request')).toEqual({
      type: 'auth.request',
      conversationId,
    });
    // a second agent cannot take it
    sam.send({ type: 'conversation.accept', conversationId, id: 'steal' });
    expect(await sam.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'REQUEST_INVALID',
      id: 'steal',
    });
  });

  it('reveals custom claims to a supervisor', async () => {
    await t.login('reveal-user', { claims: { account_number: '5555666677' } });
    const consumer = await t.consumer();
    await consumer.auth(
      (await t.login('reveal-user', { claims: { account_number: '5555666677' } })).sessionToken,
    );
    send(consumer, 'hi');
    const { conversationId } = await consumer.next((f) => f.type === 'message.ack');
    const samToken = (await t.agentLogin('acme', 'sam@acme.example')).sessionToken;
    const sam = await t.agent();
    await sam.auth(samToken);
    sam.send({ type: 'conversation.accept', conversationId });
    const profile = await sam.next((f) => f.type === 'consumer.profile');
    expect(profile.profile).toMatchObject({ verified: { custom: [{ value: '5555666677', masked: false }] } });
  });
});

describe('isolation between accounts', () => {
  it('an agent of another account can neither read, accept, write nor resume the conversation', async () => {
    const { conversationId } = await chat('isolated-user');
    const gusSession = await t.agentLogin('globex', 'gus@globex.example');
    const gus = await t.agent('globex');
    await gus.auth(gusSession.sessionToken);
    for (const [i, frame] of [
      { type: 'conversation.accept', conversationId },
      { type: 'message.send', conversationId, clientMessageId: randomUUID(), text: 'x' },
      { type: 'resume', conversationId, lastSeq: 0 },
      { type: 'auth.request', conversationId },
      { type: 'conversation.close', conversationId },
    ].entries()) {
      gus.send({ ...frame, id: `g${i}` });
      expect(await gus.next((f) => f.type === 'error')).toEqual({
        type: 'error',
        code: 'CONVERSATION_NOT_FOUND',
        id: `g${i}`,
      });
    }
    expect(gus.ofType('message.created')).toEqual([]);
    expect(gus.ofType('conversation.queued')).toEqual([]);
    const transcript = await t.get(
      `/v1/accounts/globex/agent/conversations/${conversationId}/messages`,
      gusSession.sessionToken,
    );
    expect(transcript.status).toBe(404);
    expect(transcript.body.code).toBe('CONVERSATION_NOT_FOUND');
    const list = await t.get('/v1/accounts/globex/agent/conversations', gusSession.sessionToken);
    expect((list.body.conversations as { id: string }[]).map((c) => c.id)).not.toContain(conversationId);
    // the acme token does not open globex
    expect(
      (
        await t.get(
          '/v1/accounts/globex/agent/conversations',
          (await t.agentLogin('acme', 'ana@acme.example')).sessionToken,
        )
      ).status,
    ).toBe(401);
  });

  it('a consumer cannot resume or write into another consumer’s conversation', async () => {
    const { conversationId } = await chat('victim-user');
    const other = await t.consumer();
    await other.auth((await t.login('intruder')).sessionToken);
    other.send({ type: 'resume', conversationId, lastSeq: 0, id: 'r' });
    expect(await other.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'CONVERSATION_NOT_FOUND',
      id: 'r',
    });
    send(other, 'x', { conversationId, id: 'w' });
    expect(await other.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'CONVERSATION_NOT_FOUND',
      id: 'w',
    });
  });
});

describe('continuity: step-up, logout, expiry', () => {
  it('step-up moves the anonymous conversation in place: both sides keep the messages', async () => {
    const anon = await t.anonymous();
    const { consumer: s, conversationId, ana } = await acceptedByAna(anon.sessionToken, 'anonymous question');
    expect(await ana.next((f) => f.type === 'consumer.auth_state')).toMatchObject({ state: 'anonymous' });
    send(ana, 'please sign in', { conversationId });
    await s.next((f) => f.type === 'message.created' && (f.message as { from: string }).from === 'agent');

    const login = await t.login('stepped-up', { anonymousSessionToken: anon.sessionToken });
    expect(login.consumerId).not.toBe(anon.consumerId);
    expect(
      await ana.next((f) => f.type === 'consumer.auth_state' && f.state === 'authenticated'),
    ).toMatchObject({
      consumerId: login.consumerId,
      conversationId,
    });
    expect(
      await ana.next(
        (f) => f.type === 'consumer.profile' && (f.profile as { authenticated: boolean }).authenticated,
      ),
    ).toBeTruthy();
    // same socket re-authenticates with the new token and carries on in the same conversation
    expect(await s.auth(login.sessionToken)).toMatchObject({
      type: 'auth.ok',
      consumerId: login.consumerId,
      authenticated: true,
    });
    send(s, 'signed in now');
    expect(await s.next((f) => f.type === 'message.ack' && f.seq === 3)).toMatchObject({ conversationId });
    const history = await t.get('/v1/accounts/acme/consumer/conversations', login.sessionToken);
    const [conversation] = history.body.conversations as {
      id: string;
      authenticated: boolean;
      messages: { text: string }[];
    }[];
    expect(conversation).toMatchObject({ id: conversationId, authenticated: true });
    expect(conversation?.messages.map((m) => m.text)).toEqual([
      'anonymous question',
      'please sign in',
      'signed in now',
    ]);
    const transcript = await t.get(
      `/v1/accounts/acme/agent/conversations/${conversationId}/messages`,
      (await t.agentLogin('acme', 'ana@acme.example')).sessionToken,
    );
    expect((transcript.body.messages as unknown[]).length).toBe(3);
    expect(transcript.body.conversation).toMatchObject({ consumerId: login.consumerId });
  });

  it('logout closes every socket of that session with 4401 and tells the agent logged_out', async () => {
    const { session, consumer, agent } = await chat('logout-user');
    const tab2 = await t.consumer();
    await tab2.auth(session.sessionToken);
    const res = await t.post('/v1/accounts/acme/logout', undefined, {
      authorization: `Bearer ${session.sessionToken}`,
    });
    expect(res.status).toBe(204);
    expect(await consumer.waitClose()).toBe(4401);
    expect(await tab2.waitClose()).toBe(4401);
    expect(
      await agent.next((f) => f.type === 'consumer.auth_state' && f.state === 'logged_out'),
    ).toMatchObject({
      consumerId: session.consumerId,
    });
    const late = await t.consumer();
    late.send({ type: 'auth', token: session.sessionToken });
    expect(await late.waitClose()).toBe(4401);
  });

  it('an admin erase closes every socket of the erased consumer with 4401', async () => {
    const session = await t.login('erase-me');
    const tabs = [await t.consumer(), await t.consumer()];
    for (const tab of tabs) await tab.auth(session.sessionToken);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/v1/admin/accounts/acme/consumers/${session.consumerId}`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.statusCode).toBe(204);
    for (const tab of tabs) expect(await tab.waitClose()).toBe(4401);
  });

  it('sends session.expiring before expiresAt, then session.expired and close 4401; the agent sees expired', async () => {
    const session = await t.login('short-lived', { account: 'brief' });
    const s = await t.consumer('brief');
    const ok = await s.auth(session.sessionToken);
    send(s, 'quick');
    const { conversationId } = await s.next((f) => f.type === 'message.ack');
    const boToken = (await t.agentLogin('brief', 'bo@brief.example')).sessionToken;
    const bo = await t.agent('brief');
    await bo.auth(boToken);
    bo.send({ type: 'conversation.accept', conversationId });
    await bo.next((f) => f.type === 'consumer.profile');
    const expiring = await s.next((f) => f.type === 'session.expiring', 3000);
    expect(expiring).toEqual({ type: 'session.expiring', expiresAt: ok.expiresAt });
    await s.next((f) => f.type === 'session.expired', 3000);
    expect(await s.waitClose()).toBe(4401);
    expect(await bo.next((f) => f.type === 'consumer.auth_state' && f.state === 'expired')).toMatchObject({
      conversationId,
    });
  });

  it('re-auth before expiry re-arms the timers without dropping the socket', async () => {
    const first = await t.login('renewing', { account: 'brief' });
    const s = await t.consumer('brief');
    await s.auth(first.sessionToken);
    await s.next((f) => f.type === 'session.expiring', 3000);
    t.clock.advanceSeconds(1);
    const fresh = await t.login('renewing', { account: 'brief' });
    const ok = await s.auth(fresh.sessionToken);
    t.clock.advanceSeconds(-1);
    expect(ok.expiresAt).not.toBe(undefined);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.closeCode).toBeNull();
    expect(s.ofType('session.expired')).toEqual([]);
  });
});
