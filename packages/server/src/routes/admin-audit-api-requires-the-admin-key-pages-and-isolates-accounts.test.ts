import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEventView } from '@parley/protocol';
import { ADMIN_KEY, buildTestApp, type TestApp } from '../testing/build-test-app.ts';
import { encodeAuditCursor } from './admin-audit.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const audit = (query = '', account = 'acme', key: string | null = ADMIN_KEY) =>
  t.app.inject({
    method: 'GET',
    url: `/v1/admin/accounts/${account}/audit${query}`,
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
  });

async function login(sub: string, account = 'acme'): Promise<string> {
  const res = await t.post('authenticate', { idToken: await t.mint({ sub }) }, { account });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().consumerId;
}

/** Every event of a listing, following `nextCursor` page by page. */
async function allPages(query: string): Promise<{ pages: AuditEventView[][] }> {
  const pages: AuditEventView[][] = [];
  let cursor: string | null = null;
  do {
    const sep = query === '' ? '?' : '&';
    const res = await audit(cursor === null ? query : `${query}${sep}before=${cursor}`);
    expect(res.statusCode, res.body).toBe(200);
    pages.push(res.json().events);
    cursor = res.json().nextCursor;
  } while (cursor !== null && pages.length < 20);
  return { pages };
}

describe('admin audit API', () => {
  it('refuses a missing or wrong admin key with 401 ADMIN_UNAUTHORIZED, before validating anything', async () => {
    t = await buildTestApp();
    await login('c-1');
    for (const key of [null, 'wrong', `${ADMIN_KEY}x`]) {
      for (const query of ['', '?limit=0&bogus=1']) {
        const res = await audit(query, 'acme', key);
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().code).toBe('ADMIN_UNAUTHORIZED');
        expect(res.body).not.toContain('consumer.login');
      }
    }
  });

  it("never shows one account's events in another's log, even filtered by the other's consumer id", async () => {
    t = await buildTestApp();
    const acmeConsumer = await login('c-acme');
    const lockedConsumer = await login('c-locked', 'locked');

    const acme: AuditEventView[] = (await audit()).json().events;
    expect(acme.map((e) => [e.type, e.consumerId])).toEqual([['consumer.login', acmeConsumer]]);
    expect(acme.every((e) => e.accountId === 'acme')).toBe(true);
    const locked: AuditEventView[] = (await audit('', 'locked')).json().events;
    expect(locked.map((e) => [e.type, e.consumerId])).toEqual([['consumer.login', lockedConsumer]]);
    expect((await audit(`?consumerId=${lockedConsumer}`)).json()).toEqual({ events: [], nextCursor: null });
  });

  it('pages newest first with an opaque cursor: every event exactly once, the last page without a cursor', async () => {
    t = await buildTestApp();
    for (let i = 0; i < 7; i++) {
      await login(`c-${i}`);
      if (i % 2 === 0) t.clock.advanceSeconds(1); // some events share a millisecond, some do not
    }
    const { pages } = await allPages('?limit=3');
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const events = pages.flat();
    expect(new Set(events.map((e) => e.id)).size).toBe(7);
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events.at(-1)!.consumerId).toBe(
      (await t.stores.audit.list('acme', { limit: 100 })).at(-1)!.consumerId,
    );
  });

  it('filters by type and by consumer, and pages within the filter', async () => {
    t = await buildTestApp();
    const consumerId = await login('c-1');
    await login('c-2');
    const again = await t.post('authenticate', { idToken: await t.mint({ sub: 'c-1', jti: 'second' }) });
    await t.post('logout', undefined, { headers: { authorization: `Bearer ${again.json().sessionToken}` } });
    await t.post('authenticate', { idToken: 'not-a-token' });

    const mine = (await audit(`?consumerId=${consumerId}`)).json().events as AuditEventView[];
    expect(mine.map((e) => e.type)).toEqual(['consumer.logout', 'consumer.login', 'consumer.login']);
    const failed = (await audit('?type=consumer.login_failed')).json().events as AuditEventView[];
    expect(failed).toEqual([
      {
        id: expect.any(String),
        accountId: 'acme',
        at: expect.any(String),
        type: 'consumer.login_failed',
        flow: 'implicit',
        code: 'TOKEN_MALFORMED',
      },
    ]);
    const { pages } = await allPages(`?type=consumer.login&consumerId=${consumerId}&limit=1`);
    expect(pages.map((p) => p.map((e) => e.type))).toEqual([['consumer.login'], ['consumer.login']]);
  });

  it('answers 400 REQUEST_INVALID for a bad limit, type, cursor or unknown parameter, and 404 for an unknown account', async () => {
    t = await buildTestApp();
    const forged = Buffer.from('soon.x', 'utf8').toString('base64url');
    for (const query of [
      '?limit=0',
      '?limit=201',
      '?limit=abc',
      '?type=nope',
      '?before=%2B%2B',
      `?before=${forged}`,
      '?ip=1',
    ]) {
      const res = await audit(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('REQUEST_INVALID');
    }
    expect((await audit(`?before=${encodeAuditCursor({ at: 0, id: 'x' })}`)).json()).toEqual({
      events: [],
      nextCursor: null,
    });
    const unknown = await audit('', 'nobody');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ACCOUNT_NOT_FOUND');
  });
});
