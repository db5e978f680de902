import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, buildTestApp, type TestApp } from '../testing/build-test-app.ts';
import { adminKeyMatches } from '../plugins/admin-auth.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const admin = (method: 'GET' | 'DELETE', url: string, key: string | null = ADMIN_KEY) =>
  t.app.inject({ method, url, headers: key === null ? {} : { authorization: `Bearer ${key}` } });

async function loginConsumer(): Promise<string> {
  const idToken = await t.mint({
    sub: 'c-42',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    account_number: '1234567890',
    billing: { plan: 'gold' },
    lp_sdes: [{ type: 'ctmrinfo', info: { customerId: 'CUST-7', cstatus: 'active' } }],
  });
  const res = await t.post('authenticate', { idToken });
  expect(res.statusCode).toBe(200);
  return res.json().consumerId;
}

describe('admin consumer API', () => {
  it('refuses a missing, wrong, last-char-different or shorter key with 401 ADMIN_UNAUTHORIZED', async () => {
    t = await buildTestApp();
    const consumerId = await loginConsumer();
    const url = `/v1/admin/accounts/acme/consumers/${consumerId}`;
    const lastChar = ADMIN_KEY.slice(0, -1) + (ADMIN_KEY.endsWith('f') ? 'e' : 'f');
    for (const key of [null, 'wrong', lastChar, ADMIN_KEY.slice(0, -1), `${ADMIN_KEY}x`]) {
      const res = await admin('GET', url, key);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('ADMIN_UNAUTHORIZED');
      expect(res.body).not.toContain(ADMIN_KEY.slice(0, 8));
    }
    const basic = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Basic ${ADMIN_KEY}` },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('compares keys through equal-length digests (constant time, length not leaked)', () => {
    expect(adminKeyMatches(ADMIN_KEY, ADMIN_KEY)).toBe(true);
    expect(adminKeyMatches(`${ADMIN_KEY.slice(0, -1)}0`, ADMIN_KEY)).toBe(false);
    expect(adminKeyMatches(ADMIN_KEY.slice(0, 4), ADMIN_KEY)).toBe(false);
    expect(adminKeyMatches('', ADMIN_KEY)).toBe(false);
  });

  it('is closed (401) when no adminApiKey is configured', async () => {
    t = await buildTestApp({ config: { adminApiKey: undefined } });
    const consumerId = await loginConsumer();
    expect((await admin('GET', `/v1/admin/accounts/acme/consumers/${consumerId}`, '')).statusCode).toBe(401);
    expect(
      (await admin('GET', `/v1/admin/accounts/acme/consumers/${consumerId}`, 'undefined')).statusCode,
    ).toBe(401);
  });

  it('shows verified claims, SDEs and the profile with custom claims masked', async () => {
    t = await buildTestApp();
    const consumerId = await loginConsumer();
    const res = await admin('GET', `/v1/admin/accounts/acme/consumers/${consumerId}`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      consumerId,
      issuer: 'https://login.brand.example',
      subject: 'c-42',
      authenticated: true,
      claims: { name: 'Ada Lovelace', email: 'ada@example.com', account_number: '1234567890' },
      sdes: { customerInfo: { customerId: 'CUST-7', cstatus: 'active' } },
      createdAt: new Date(t.clock.now()).toISOString(),
      lastAuthenticatedAt: new Date(t.clock.now()).toISOString(),
    });
    expect(view.claims.exp).toBeUndefined();
    expect(view.profile.verified.standard).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    const custom = view.profile.verified.custom;
    const accountNumber = custom.find((c: { claim: string }) => c.claim === 'account_number');
    expect(accountNumber).toMatchObject({ label: 'Account number', masked: true });
    expect(String(accountNumber.value)).not.toContain('123456');
    expect(String(accountNumber.value)).toContain('7890');
    expect(custom.find((c: { claim: string }) => c.claim === 'billing.plan')).toMatchObject({
      value: 'gold',
      masked: false,
    });
  });

  it('answers 404 CONSUMER_NOT_FOUND for an unknown consumer and 404 ACCOUNT_NOT_FOUND for an unknown account', async () => {
    t = await buildTestApp();
    expect((await admin('GET', '/v1/admin/accounts/acme/consumers/nobody')).json().code).toBe(
      'CONSUMER_NOT_FOUND',
    );
    expect((await admin('GET', '/v1/admin/accounts/nope/consumers/nobody')).json().code).toBe(
      'ACCOUNT_NOT_FOUND',
    );
  });

  it('deletes a consumer (204) with its sessions; GET then answers 404', async () => {
    t = await buildTestApp();
    const login = (await t.post('authenticate', { idToken: await t.mint({ sub: 'c-9' }) })).json();
    const url = `/v1/admin/accounts/acme/consumers/${login.consumerId}`;
    const deleted = await admin('DELETE', url);
    expect(deleted.statusCode).toBe(204);
    const after = await admin('GET', url);
    expect(after.statusCode).toBe(404);
    expect(after.json().code).toBe('CONSUMER_NOT_FOUND');
    const logout = await t.post('logout', undefined, {
      headers: { authorization: `Bearer ${login.sessionToken}` },
    });
    expect(logout.json().code).toBe('SESSION_INVALID');
    expect((await admin('DELETE', url)).statusCode).toBe(404);
  });

  it('exports the consumer view and all its sessions (live and revoked) as JSON', async () => {
    t = await buildTestApp();
    const idToken = await t.mint({ sub: 'c-42' });
    const first = (await t.post('authenticate', { idToken })).json();
    const logout = await t.post('logout', undefined, {
      headers: { authorization: `Bearer ${first.sessionToken}` },
    });
    expect(logout.statusCode).toBe(204);
    const firstAt = new Date(t.clock.now()).toISOString();
    t.clock.advanceSeconds(60);
    const consumerId = await loginConsumer();
    expect(consumerId).toBe(first.consumerId);
    const res = await admin('GET', `/v1/admin/accounts/acme/consumers/${consumerId}/export`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.consumer.consumerId).toBe(consumerId);
    expect(body.exportedAt).toBe(new Date(t.clock.now()).toISOString());
    const listed = {
      id: expect.any(String),
      authenticated: true,
      connectorId: 'main',
      expiresAt: expect.any(String),
    };
    expect(body.sessions).toEqual([
      { ...listed, createdAt: firstAt, revokedAt: firstAt },
      { ...listed, createdAt: new Date(t.clock.now()).toISOString(), revokedAt: null },
    ]);
    expect(body.sessions[0].id).not.toBe(body.sessions[1].id);
    for (const session of body.sessions) expect(session).not.toHaveProperty('sessionToken');
  });
});

describe('admin export and erase of conversations', () => {
  async function consumerWithMessage(): Promise<{ consumerId: string; conversationId: string }> {
    const consumerId = await loginConsumer();
    const { conversation } = await t.stores.conversations.openOrCreate({
      accountId: 'acme',
      consumerId,
      authenticated: true,
      newId: crypto.randomUUID(),
      now: Date.now(),
    });
    await t.stores.conversations.appendMessage({
      accountId: 'acme',
      conversationId: conversation.id,
      id: crypto.randomUUID(),
      from: 'consumer',
      senderId: consumerId,
      text: 'my bill is wrong',
      clientMessageId: null,
      now: Date.now(),
    });
    return { consumerId, conversationId: conversation.id };
  }

  it('exports the consumer with its conversations and their messages', async () => {
    t = await buildTestApp();
    const { consumerId, conversationId } = await consumerWithMessage();
    const res = await admin('GET', `/v1/admin/accounts/acme/consumers/${consumerId}/export`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.conversations).toHaveLength(1);
    expect(body.conversations[0]).toMatchObject({ id: conversationId, consumerId });
    expect(body.conversations[0].messages.map((m: { text: string }) => m.text)).toEqual(['my bill is wrong']);
  });

  it('erases the conversations and messages of a deleted consumer', async () => {
    t = await buildTestApp();
    const { consumerId, conversationId } = await consumerWithMessage();
    expect((await admin('DELETE', `/v1/admin/accounts/acme/consumers/${consumerId}`)).statusCode).toBe(204);
    expect(await t.stores.conversations.get('acme', conversationId)).toBeNull();
    expect(await t.stores.conversations.listByConsumer('acme', consumerId)).toEqual([]);
  });
});
