import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from '../../src/testing/build-test-app.ts';
import { startRealtimeServer, type RealtimeServer } from './harness.ts';

let t: RealtimeServer;
beforeAll(async () => {
  t = await startRealtimeServer();
});
afterAll(async () => t.close());

describe('admin erase', () => {
  it('closes every socket of the erased consumer with 4401', async () => {
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
});
