import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer, type TestSocket } from './harness.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer({ realtime: { rateLimit: { burst: 500, perSecond: 500 } } });
});
afterAll(async () => t.close());

const tokenOf = async (email: string) => (await t.agentLogin('acme', email)).sessionToken;

async function agentSocket(email: string): Promise<TestSocket> {
  const socket = await t.agent();
  expect((await socket.auth(await tokenOf(email))).type).toBe('auth.ok');
  return socket;
}

/** A consumer `sub` with a new queued conversation; returns its id and the consumer's socket. */
async function queued(sub: string, claims: Record<string, unknown> = {}) {
  const session = await t.login(sub, { claims });
  const consumer = await t.consumer();
  await consumer.auth(session.sessionToken);
  consumer.send({ type: 'message.send', clientMessageId: randomUUID(), text: `hello from ${sub}` });
  const ack = await consumer.next((f) => f.type === 'message.ack');
  return { consumer, session, conversationId: ack.conversationId as string };
}

async function accept(agent: TestSocket, conversationId: string) {
  agent.send({ type: 'conversation.accept', conversationId });
  return agent.next(
    (f) => f.type === 'conversation.assigned' && (f.conversation as { id: string }).id === conversationId,
  );
}

async function close(agent: TestSocket, conversationId: string) {
  agent.send({ type: 'conversation.close', conversationId });
  await agent.next(
    (f) => f.type === 'conversation.closed' && (f.conversation as { id: string }).id === conversationId,
  );
}

describe('who may read what', () => {
  it("a plain agent cannot read another agent's conversation, over REST or WebSocket", async () => {
    const ana = await agentSocket('ana@acme.example');
    const { conversationId } = await queued('read-rule-user');
    await accept(ana, conversationId);
    const ivyToken = await tokenOf('ivy@acme.example');
    const transcript = await t.get(
      `/v1/accounts/acme/agent/conversations/${conversationId}/messages`,
      ivyToken,
    );
    expect(transcript.status).toBe(404);
    expect(transcript.body.code).toBe('CONVERSATION_NOT_FOUND');
    const ivy = await t.agent();
    await ivy.auth(ivyToken);
    ivy.send({ type: 'resume', conversationId, lastSeq: 0, id: 'peek' });
    expect(await ivy.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'CONVERSATION_NOT_FOUND',
      id: 'peek',
    });
    ivy.send({ type: 'conversation.accept', conversationId, id: 'take' });
    expect(await ivy.next((f) => f.type === 'error')).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    expect(ivy.frames.some((f) => f.type === 'message.created' || f.type === 'consumer.profile')).toBe(false);
    const list = await t.get('/v1/accounts/acme/agent/conversations', ivyToken);
    expect((list.body.conversations as { id: string }[]).map((c) => c.id)).not.toContain(conversationId);
  });

  it('a plain agent reads the queue; a supervisor reads every conversation with its agent’s name', async () => {
    const ana = await agentSocket('ana@acme.example');
    const waiting = await queued('queue-reader');
    const ivyToken = await tokenOf('ivy@acme.example');
    const peek = await t.get(
      `/v1/accounts/acme/agent/conversations/${waiting.conversationId}/messages`,
      ivyToken,
    );
    expect(peek.status).toBe(200);
    const list = await t.get('/v1/accounts/acme/agent/conversations?status=queued', ivyToken);
    expect((list.body.conversations as { id: string }[]).map((c) => c.id)).toContain(waiting.conversationId);

    const assigned = await accept(ana, waiting.conversationId);
    expect(assigned.conversation).toMatchObject({ agentName: 'Ana' });
    const samToken = await tokenOf('sam@acme.example');
    const seen = await t.get(
      `/v1/accounts/acme/agent/conversations/${waiting.conversationId}/messages`,
      samToken,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.conversation).toMatchObject({ agentName: 'Ana', status: 'active' });
    const all = await t.get('/v1/accounts/acme/agent/conversations?status=active', samToken);
    expect(all.body.conversations).toContainEqual(
      expect.objectContaining({ id: waiting.conversationId, agentName: 'Ana' }),
    );
  });

  it('a plain agent’s list pages through the account without ever naming a colleague’s conversation', async () => {
    const sam = await agentSocket('sam@acme.example');
    const ivy = await agentSocket('ivy@acme.example');
    const samIds: string[] = [];
    const ivyIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const a = await queued(`pager-sam-${i}`);
      await accept(sam, a.conversationId);
      samIds.push(a.conversationId);
      const b = await queued(`pager-ivy-${i}`);
      await accept(ivy, b.conversationId);
      ivyIds.push(b.conversationId);
    }
    const ivyToken = await tokenOf('ivy@acme.example');
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const query = `status=active&limit=2${before ? `&before=${before}` : ''}`;
      const res = await t.get(`/v1/accounts/acme/agent/conversations?${query}`, ivyToken);
      expect(res.status).toBe(200);
      seen.push(...(res.body.conversations as { id: string }[]).map((c) => c.id));
      before = res.body.nextBefore as string | undefined;
      if (before === undefined) break;
    }
    for (const id of ivyIds) expect(seen).toContain(id);
    for (const id of samIds) expect(seen).not.toContain(id);
  });

  it('consumers do not get the agent’s name unless the account shows it', async () => {
    const ana = await agentSocket('ana@acme.example');
    const { consumer, conversationId } = await queued('name-hidden-user');
    await accept(ana, conversationId);
    const assigned = await consumer.next((f) => f.type === 'conversation.assigned');
    expect(assigned.conversation).not.toHaveProperty('agentName');
  });
});

describe("a consumer's history, for the agent handling them", () => {
  it('pages every conversation of the consumer, newest first, to its agent and to a supervisor', async () => {
    const ana = await agentSocket('ana@acme.example');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { conversationId } = await queued('history-pager');
      ids.push(conversationId);
      if (i < 2) {
        // the earlier ones were handled by a supervisor, not by ana
        const sam = await agentSocket('sam@acme.example');
        await accept(sam, conversationId);
        await close(sam, conversationId);
      }
    }
    await accept(ana, ids[2]!);
    const consumerId = (await t.login('history-pager')).consumerId;
    const path = `/v1/accounts/acme/agent/consumers/${consumerId}/conversations`;
    const anaToken = await tokenOf('ana@acme.example');
    const first = await t.get(`${path}?limit=2`, anaToken);
    expect(first.status).toBe(200);
    expect((first.body.conversations as { id: string }[]).map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.conversations).toContainEqual(expect.objectContaining({ agentName: 'Sam' }));
    expect(first.body.nextCursor).toBe(ids[1]);
    const second = await t.get(`${path}?limit=2&before=${String(first.body.nextCursor)}`, anaToken);
    expect((second.body.conversations as { id: string }[]).map((c) => c.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    // the agent handling the consumer reads the earlier transcripts too
    const older = await t.get(`/v1/accounts/acme/agent/conversations/${ids[0]}/messages`, anaToken);
    expect(older.status).toBe(200);
    const sam = await t.get(`${path}?limit=10`, await tokenOf('sam@acme.example'));
    expect((sam.body.conversations as unknown[]).length).toBe(3);
    const unknownCursor = await t.get(`${path}?before=nope`, anaToken);
    expect(unknownCursor.body).toEqual({ conversations: [], nextCursor: null });
  });

  it('shows another agent nothing of a consumer it does not handle, and the same for an unknown consumer', async () => {
    const ana = await agentSocket('ana@acme.example');
    const { conversationId, session } = await queued('history-private');
    await accept(ana, conversationId);
    const ivyToken = await tokenOf('ivy@acme.example');
    const history = await t.get(
      `/v1/accounts/acme/agent/consumers/${session.consumerId}/conversations`,
      ivyToken,
    );
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ conversations: [], nextCursor: null });
    const unknown = await t.get('/v1/accounts/acme/agent/consumers/nobody/conversations', ivyToken);
    expect(unknown.body).toEqual({ conversations: [], nextCursor: null });
    const older = await t.get(`/v1/accounts/acme/agent/conversations/${conversationId}/messages`, ivyToken);
    expect(older.status).toBe(404);
  });
});

describe('the profile frame is masked per role', () => {
  it('an agent gets the account number masked, a supervisor in clear, both with the connector', async () => {
    const claims = { account_number: 'ACC-99887766', name: 'Rita Role' };
    const ana = await agentSocket('ana@acme.example');
    const first = await queued('role-mask-user', claims);
    await accept(ana, first.conversationId);
    const masked = await ana.next((f) => f.type === 'consumer.profile');
    expect(masked.profile).toMatchObject({
      connector: { id: expect.any(String), displayName: expect.any(String) },
      verified: { custom: [{ claim: 'account_number', value: '••••7766', masked: true }] },
    });
    expect(JSON.stringify(ana.frames)).not.toContain('ACC-99887766');
    await close(ana, first.conversationId);
    const sam = await agentSocket('sam@acme.example');
    const second = await queued('role-mask-user', claims);
    await accept(sam, second.conversationId);
    const clear = await sam.next((f) => f.type === 'consumer.profile');
    expect(clear.profile).toMatchObject({
      verified: { custom: [{ claim: 'account_number', value: 'ACC-99887766', masked: false }] },
    });
  });
});
