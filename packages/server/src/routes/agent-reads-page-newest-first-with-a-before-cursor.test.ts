import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../agents/scrypt-password-hasher.ts';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
let token: string;
afterEach(async () => t?.app.close());

const PASSWORD = 'correct horse battery';
const T0 = Date.UTC(2030, 0, 1);

beforeEach(async () => {
  t = await buildTestApp({
    config: {
      agents: [
        {
          account: 'acme',
          email: 'ana@acme.example',
          name: 'Ana',
          passwordHash: await hashPassword(PASSWORD, { N: 1024 }),
        },
      ],
    },
  });
  const login = await t.post('agents/login', { email: 'ana@acme.example', password: PASSWORD });
  token = login.json().sessionToken;
});

const get = async (url: string) => {
  const res = await t.app.inject({
    url: `/v1/accounts/acme${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json() };
};

/** `n` conversations, conv-000 the oldest. */
async function conversations(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.stores.conversations.openOrCreate({
      accountId: 'acme',
      consumerId: `c-${i}`,
      authenticated: true,
      newId: `conv-${String(i).padStart(3, '0')}`,
      now: T0 + i * 1000,
    });
  }
}

describe('GET /agent/conversations', () => {
  it('returns 50 newest first by default and pages on with before = nextBefore', async () => {
    await conversations(120);
    const first = await get('/agent/conversations');
    expect(first.status).toBe(200);
    expect(first.body.conversations).toHaveLength(50);
    expect(first.body.conversations[0].id).toBe('conv-119');
    expect(first.body.nextBefore).toBe('conv-070');
    const second = await get(`/agent/conversations?before=${first.body.nextBefore}`);
    expect(second.body.conversations[0].id).toBe('conv-069');
    const third = await get(`/agent/conversations?before=${second.body.nextBefore}`);
    expect(third.body.conversations.map((c: { id: string }) => c.id).at(-1)).toBe('conv-000');
    expect(third.body.conversations).toHaveLength(20);
    expect(third.body.nextBefore).toBeUndefined();
  });

  it('takes a limit up to 200 and refuses more', async () => {
    await conversations(3);
    const page = await get('/agent/conversations?limit=2');
    expect(page.body.conversations.map((c: { id: string }) => c.id)).toEqual(['conv-002', 'conv-001']);
    expect(page.body.nextBefore).toBe('conv-001');
    expect((await get('/agent/conversations?limit=201')).body.code).toBe('REQUEST_INVALID');
    expect((await get('/agent/conversations?limit=0')).status).toBe(400);
  });
});

describe('GET /agent/conversations/:id/messages', () => {
  async function messages(n: number): Promise<void> {
    await conversations(1);
    for (let i = 1; i <= n; i++) {
      await t.stores.conversations.appendMessage({
        accountId: 'acme',
        conversationId: 'conv-000',
        id: `m-${i}`,
        from: 'consumer',
        senderId: 'c-0',
        text: `text ${i}`,
        clientMessageId: null,
        now: T0 + i,
      });
    }
  }
  const seqs = (body: { messages: { seq: number }[] }) => body.messages.map((m) => m.seq);

  it('returns the newest 50 in seq order by default, then older pages with before', async () => {
    await messages(120);
    const newest = await get('/agent/conversations/conv-000/messages');
    expect(seqs(newest.body)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(newest.body.nextBefore).toBe(71);
    const older = await get(`/agent/conversations/conv-000/messages?before=71&limit=200`);
    expect(seqs(older.body)).toEqual(Array.from({ length: 70 }, (_, i) => 1 + i));
    expect(older.body.nextBefore).toBeUndefined();
  });

  it('catches up forwards with afterSeq, and refuses both cursors at once or a limit over 200', async () => {
    await messages(5);
    const after = await get('/agent/conversations/conv-000/messages?afterSeq=1&limit=2');
    expect(seqs(after.body)).toEqual([2, 3]);
    expect(after.body.nextAfterSeq).toBe(3);
    const rest = await get('/agent/conversations/conv-000/messages?afterSeq=3');
    expect(seqs(rest.body)).toEqual([4, 5]);
    expect(rest.body.nextAfterSeq).toBeUndefined();
    expect((await get('/agent/conversations/conv-000/messages?afterSeq=1&before=3')).body.code).toBe(
      'REQUEST_INVALID',
    );
    expect((await get('/agent/conversations/conv-000/messages?limit=1000')).status).toBe(400);
  });
});
