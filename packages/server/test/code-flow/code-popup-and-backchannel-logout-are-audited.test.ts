import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@parley/core';
import {
  BRAND_ORIGIN,
  CALLBACK_URL,
  buildCodeFlowApp,
  useWorld,
  type CodeFlowApp,
} from '../../src/testing/code-flow-fixture.ts';

const world = useWorld();

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

const events = async (t: CodeFlowApp): Promise<AuditEvent[]> =>
  (await t.stores.audit.list('acme', { limit: 100 })).reverse();

async function loginWithCode(t: CodeFlowApp, login: string): Promise<string> {
  const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login });
  const res = await t.post('authenticate', { code, connector: 'basic' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().consumerId;
}

async function backchannelLogout(t: CodeFlowApp, sub: string) {
  const now = Math.floor(Date.now() / 1000);
  const token = await world.idp.sign({
    iss: world.idp.issuer,
    aud: 'parley-basic',
    iat: now,
    exp: now + 120,
    jti: crypto.randomUUID(),
    sub,
    events: { [EVENT]: {} },
  });
  return t.app.inject({
    method: 'POST',
    url: '/v1/accounts/acme/backchannel-logout',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ logout_token: token }).toString(),
  });
}

describe('audit of the code, popup and back-channel logout flows', () => {
  it('records a code login with its flow and connector, and a replayed code as a failure with its code only', async () => {
    const t = await buildCodeFlowApp(world);
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login: 'audrey' });
    const ok = await t.post('authenticate', { code, connector: 'basic' });
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await t.post('authenticate', { code, connector: 'basic' });
    expect(again.statusCode).toBe(401);

    const [login, failed] = await events(t);
    expect(login).toMatchObject({ type: 'consumer.login', flow: 'code', connectorId: 'basic' });
    expect(login!.consumerId).toBe(ok.json().consumerId);
    expect(failed).toEqual({
      id: expect.any(String),
      accountId: 'acme',
      at: expect.any(Number),
      type: 'consumer.login_failed',
      flow: 'code',
      connectorId: 'basic',
      code: again.json().code,
    });
    expect(JSON.stringify(await events(t))).not.toContain(code);
  });

  it('records a popup login and a reused state as a failure; nothing for an unknown account', async () => {
    const t = await buildCodeFlowApp(world);
    const start = await t.app.inject({
      method: 'GET',
      url: `/v1/accounts/acme/authorize?${new URLSearchParams({ connector: 'basic', origin: BRAND_ORIGIN })}`,
    });
    const cb = await world.idp.follow(String(start.headers.location), CALLBACK_URL, 'popper');
    // the popup cookie /authorize set: the state is bound to this browser
    const cookie = String(start.headers['set-cookie']).split(';')[0]!;
    const callback = () =>
      t.app.inject({
        method: 'GET',
        url: `/v1/accounts/acme/callback${cb.search}`,
        headers: { accept: 'application/json', cookie },
      });
    expect((await callback()).statusCode).toBe(200);
    expect((await callback()).json().code).toBe('STATE_INVALID');
    await t.app.inject({ method: 'GET', url: '/v1/accounts/nobody/callback?state=x&code=y' });

    const [login, failed, ...rest] = await events(t);
    expect(login).toMatchObject({ type: 'consumer.login', flow: 'popup', connectorId: 'basic' });
    // a reused state names no connector (the state is gone); an unknown account records nothing
    expect(failed).toMatchObject({ type: 'consumer.login_failed', flow: 'popup', code: 'STATE_INVALID' });
    expect(failed).not.toHaveProperty('connectorId');
    expect(rest).toEqual([]);
    expect(await t.stores.audit.list('nobody', { limit: 10 })).toEqual([]);
  });

  it('records one back-channel logout per consumer with the number of sessions it revoked', async () => {
    const t = await buildCodeFlowApp(world);
    const bob = await loginWithCode(t, 'bob');
    await loginWithCode(t, 'bob');
    expect((await backchannelLogout(t, 'bob')).statusCode).toBe(200);
    expect((await backchannelLogout(t, 'nobody-yet')).statusCode).toBe(200);

    const logouts = (await events(t)).filter((e) => e.type === 'consumer.backchannel_logout');
    expect(logouts).toEqual([
      expect.objectContaining({ consumerId: bob, connectorId: 'basic', detail: { revokedSessions: 2 } }),
      expect.objectContaining({ detail: { revokedSessions: 0 } }),
    ]);
    expect(logouts[1]).not.toHaveProperty('consumerId');
  });
});
