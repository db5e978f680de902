import { describe, expect, it } from 'vitest';
import {
  BRAND_ORIGIN,
  buildCodeFlowApp,
  expectProblem,
  useWorld,
} from '../../src/testing/code-flow-fixture.ts';
import {
  anonymousRefFor,
  anonymousSession,
  authorize,
  newBrowser,
  requestAnonymousRef,
} from './popup-browser.ts';

const world = useWorld();

describe('popup step-up: POST /authorize/anonymous-ref, then /authorize?anonymousRef=', () => {
  it('an anonymousSessionToken in the /authorize URL → 400 REQUEST_INVALID naming the reference, no redirect, no cookie', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymousSession(t);
    const res = await authorize(
      t,
      { connector: 'basic', origin: BRAND_ORIGIN, anonymousSessionToken: anon.sessionToken },
      newBrowser(),
    );
    expectProblem(res, 400, 'REQUEST_INVALID');
    expect((res.json() as { detail: string }).detail).toMatch(/anonymous-ref.*anonymousRef/);
    expect(res.body).not.toContain(anon.sessionToken);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers 201 { anonymousRef, expiresAt } (no-store) for a live session; the reference is not the token', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymousSession(t);
    const res = await requestAnonymousRef(t, anon.sessionToken);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as { anonymousRef: string; expiresAt: string };
    expect(body.anonymousRef).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.anonymousRef).not.toBe(anon.sessionToken);
    const lifetime = Date.parse(body.expiresAt) - t.clock.now();
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
  });

  it('no, a bad, or a logged-out Bearer → 401 SESSION_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    const none = await t.app.inject({ method: 'POST', url: '/v1/accounts/acme/authorize/anonymous-ref' });
    expectProblem(none, 401, 'SESSION_INVALID');
    expectProblem(await requestAnonymousRef(t, 'not-a-token'), 401, 'SESSION_INVALID');
    const anon = await anonymousSession(t);
    await t.app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/logout',
      headers: { authorization: `Bearer ${anon.sessionToken}` },
    });
    expectProblem(await requestAnonymousRef(t, anon.sessionToken), 401, 'SESSION_INVALID');
  });

  it('a reference works once: the second /authorize with it → 401 SESSION_INVALID, no redirect', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymousSession(t);
    const anonymousRef = await anonymousRefFor(t, anon.sessionToken);
    const query = { connector: 'basic', origin: BRAND_ORIGIN, anonymousRef };
    expect((await authorize(t, query, newBrowser())).statusCode).toBe(302);
    const again = await authorize(t, query, newBrowser());
    expectProblem(again, 401, 'SESSION_INVALID');
    expect(again.headers.location).toBeUndefined();
  });

  it('a reference older than two minutes, forged, or of another Parley → 401 SESSION_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymousSession(t);
    const late = await anonymousRefFor(t, anon.sessionToken);
    t.clock.advanceSeconds(121);
    const ask = (anonymousRef: string) =>
      authorize(t, { connector: 'basic', origin: BRAND_ORIGIN, anonymousRef }, newBrowser());
    expectProblem(await ask(late), 401, 'SESSION_INVALID');
    expectProblem(await ask('A'.repeat(43)), 401, 'SESSION_INVALID');
    const other = await buildCodeFlowApp(world);
    const foreign = await anonymousRefFor(other, (await anonymousSession(other)).sessionToken);
    expectProblem(await ask(foreign), 401, 'SESSION_INVALID');
  });

  it('only the reference’s hash is stored: the raw reference is not a key of the store', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = await anonymousSession(t);
    const anonymousRef = await anonymousRefFor(t, anon.sessionToken);
    expect(await t.stores.anonymousRefs.take('acme', anonymousRef)).toBeNull();
  });
});
