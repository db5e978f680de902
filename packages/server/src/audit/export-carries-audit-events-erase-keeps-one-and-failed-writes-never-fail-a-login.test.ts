import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEventView } from '@parley/protocol';
import { createMemoryStores } from '@parley/storage';
import { ADMIN_KEY, buildTestApp, captureLog, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const admin = (method: 'GET' | 'DELETE', path: string) =>
  t.app.inject({
    method,
    url: `/v1/admin/accounts/acme/${path}`,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });

async function loginWithStepUp(): Promise<{ consumerId: string; sessionToken: string; anonymousId: string }> {
  const anon = (await t.post('anonymous', {})).json();
  const res = await t.post('authenticate', {
    idToken: await t.mint({ sub: 'c-1' }),
    anonymousSessionToken: anon.sessionToken,
  });
  expect(res.statusCode, res.body).toBe(200);
  return { ...res.json(), anonymousId: anon.consumerId };
}

describe('audit log of a consumer', () => {
  it('the export carries the consumer audit events (login, step-up, logout); exports and views are recorded', async () => {
    t = await buildTestApp();
    const { consumerId, sessionToken, anonymousId } = await loginWithStepUp();
    await t.post('logout', undefined, { headers: { authorization: `Bearer ${sessionToken}` } });
    await t.post('authenticate', { idToken: await t.mint({ sub: 'someone-else' }) });

    const exported = await admin('GET', `consumers/${consumerId}/export`);
    expect(exported.statusCode, exported.body).toBe(200);
    const events: AuditEventView[] = exported.json().auditEvents;
    const sessionId = events[0]!.sessionId;
    expect(
      events.map(({ type, consumerId: c, sessionId: s, connectorId, flow, detail }) => ({
        type,
        c,
        s,
        connectorId,
        flow,
        detail,
      })),
    ).toEqual([
      {
        type: 'consumer.login',
        c: consumerId,
        s: sessionId,
        connectorId: 'main',
        flow: 'implicit',
        detail: undefined,
      },
      {
        type: 'consumer.step_up',
        c: consumerId,
        s: sessionId,
        connectorId: 'main',
        flow: 'implicit',
        detail: { anonymousConsumerId: anonymousId },
      },
      {
        type: 'consumer.logout',
        c: consumerId,
        s: sessionId,
        connectorId: 'main',
        flow: undefined,
        detail: undefined,
      },
    ]);
    expect(events[0]!.at).toBe(new Date(t.clock.now()).toISOString());
    expect((await admin('GET', `consumers/${consumerId}`)).statusCode).toBe(200);
    const log = (await admin('GET', `audit?consumerId=${consumerId}&limit=2`)).json()
      .events as AuditEventView[];
    expect(log.map((e) => e.type)).toEqual(['admin.consumer_viewed', 'admin.consumer_exported']);
  });

  it('erasing a consumer deletes its audit events and records one admin.consumer_erased holding only the id', async () => {
    t = await buildTestApp();
    const { consumerId } = await loginWithStepUp();
    await t.post('authenticate', { idToken: await t.mint({ sub: 'bystander' }) });
    expect((await admin('DELETE', `consumers/${consumerId}`)).statusCode).toBe(204);

    const left = (await admin('GET', `audit?consumerId=${consumerId}`)).json().events as AuditEventView[];
    expect(left).toEqual([
      {
        id: expect.any(String),
        accountId: 'acme',
        at: expect.any(String),
        type: 'admin.consumer_erased',
        consumerId,
      },
    ]);
    const all = (await admin('GET', 'audit')).json().events as AuditEventView[];
    expect(all.map((e) => e.type)).toEqual(['admin.consumer_erased', 'consumer.login']);
    expect(all[1]!.consumerId).not.toBe(consumerId);
    expect((await admin('GET', `consumers/${consumerId}/export`)).json().code).toBe('CONSUMER_NOT_FOUND');
  });

  it('a failed audit write never fails the login: it is logged (no token) and counted', async () => {
    const log = captureLog();
    t = await buildTestApp({
      logStream: log.stream,
      stores: (clock) => {
        const stores = createMemoryStores({ clock });
        return {
          ...stores,
          audit: {
            ...stores.audit,
            record: async () => {
              throw new Error('audit table is gone');
            },
          },
        };
      },
    });
    const idToken = await t.mint({ sub: 'c-1' });
    const res = await t.post('authenticate', { idToken });
    expect(res.statusCode, res.body).toBe(200);

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('parley_audit_write_failures_total{type="consumer.login"} 1');
    const logged = log.text();
    expect(logged).toContain('could not record an audit event');
    expect(logged).toContain('audit table is gone');
    expect(logged).not.toContain(idToken);
    expect(logged).not.toContain(res.json().sessionToken);
  });
});
