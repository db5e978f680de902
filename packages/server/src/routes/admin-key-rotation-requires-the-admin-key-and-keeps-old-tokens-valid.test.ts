import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const rotate = (query = '', key: string | null = ADMIN_KEY, account = 'acme') =>
  t.app.inject({
    method: 'POST',
    url: `/v1/admin/accounts/${account}/keys/rotate${query}`,
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
  });
const anonymous = async () => (await t.post('anonymous')).json().sessionToken as string;
const kidOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
const read = (token: string) =>
  t.app.inject({
    url: '/v1/accounts/acme/consumer/conversations',
    headers: { authorization: `Bearer ${token}` },
  });

describe('POST /v1/admin/accounts/{account}/keys/rotate', () => {
  it('refuses a missing or wrong admin key and rotates nothing', async () => {
    t = await buildTestApp();
    for (const key of [null, 'wrong-admin-key-0123456789abcdef']) {
      const res = await rotate('', key);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'ADMIN_UNAUTHORIZED' });
    }
    t.clock.advanceSeconds(61);
    expect(kidOf(await anonymous())).toBe('acme-consumer-sig-1');
  });

  it('makes a new current key of one kind; tokens of the old key stay valid', async () => {
    t = await buildTestApp();
    const before = await anonymous();
    const res = await rotate('?kind=consumer');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ rotated: [{ kind: 'consumer', kid: 'acme-consumer-sig-2', purged: [] }] });
    t.clock.advanceSeconds(61); // nodes re-read their keys every minute
    const after = await anonymous();
    expect([kidOf(before), kidOf(after)]).toEqual(['acme-consumer-sig-1', 'acme-consumer-sig-2']);
    expect((await read(before)).statusCode).toBe(200);
    expect((await read(after)).statusCode).toBe(200);
  });

  it('rotates both kinds by default; unknown account 404, unknown kind 400', async () => {
    t = await buildTestApp();
    expect((await rotate()).json().rotated.map((r: { kid: string }) => r.kid)).toEqual([
      'acme-consumer-sig-2',
      'acme-agent-sig-2',
    ]);
    expect((await rotate('', ADMIN_KEY, 'nope')).json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect((await rotate('?kind=admin')).statusCode).toBe(400);
  });
});
