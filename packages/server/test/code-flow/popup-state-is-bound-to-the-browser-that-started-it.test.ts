import { describe, expect, it } from 'vitest';
import {
  BRAND_ORIGIN,
  CALLBACK_URL,
  buildCodeFlowApp,
  expectProblem,
  useWorld,
  type CodeFlowApp,
} from '../../src/testing/code-flow-fixture.ts';
import {
  anonymousRefFor,
  anonymousSession,
  authorize,
  callback,
  newBrowser,
  popupToCallback,
  postedMessage,
} from './popup-browser.ts';

const world = useWorld();

/** An anonymous visitor with an open conversation (what step-up would move). */
async function anonymousVisitor(t: CodeFlowApp, conversationId: string) {
  const anon = await anonymousSession(t);
  const { conversation } = await t.stores.conversations.openOrCreate({
    accountId: 'acme',
    consumerId: anon.consumerId,
    authenticated: false,
    newId: conversationId,
    now: t.clock.now(),
  });
  return { ...anon, conversation };
}

describe('the popup state is bound to the browser that started it', () => {
  it('/authorize sets an HttpOnly, Secure, SameSite=Lax __Host- cookie with Path=/ over https', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN }, newBrowser());
    expect(res.statusCode, res.body).toBe(302);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-parley-popup=[A-Za-z0-9_-]{43};/);
    expect(setCookie.split('; ').slice(1).sort()).toEqual(
      ['HttpOnly', 'Max-Age=600', 'Path=/', 'SameSite=Lax', 'Secure'].sort(),
    );
    expect(setCookie).not.toMatch(/Domain=/i);
  });

  it('a callback without the popup cookie, or with another browser’s, → 401 STATE_INVALID and the code is not exchanged', async () => {
    const t = await buildCodeFlowApp(world);
    const starter = newBrowser();
    const cb = await popupToCallback(world, t, starter);
    expectProblem(await callback(t, cb.search, false, newBrowser()), 401, 'STATE_INVALID');
    const other = newBrowser();
    expect((await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN }, other)).statusCode).toBe(302);
    const cb2 = await popupToCallback(world, t, starter);
    expectProblem(await callback(t, cb2.search, false, other), 401, 'STATE_INVALID');
    expect(t.exchangerCalls).toEqual([]);
    // the refused callback spent the state: not even the starting browser can use it now
    expectProblem(await callback(t, cb2.search, false, starter), 401, 'STATE_INVALID');
  });

  it('two popups started one after the other in one browser both finish (the cookie is kept)', async () => {
    const t = await buildCodeFlowApp(world);
    const browser = newBrowser();
    const first = await popupToCallback(world, t, browser, 'first-popup');
    const cookie = browser.cookie;
    const second = await popupToCallback(world, t, browser, 'second-popup');
    expect(browser.cookie).toBe(cookie);
    expect((await callback(t, first.search, false, browser)).statusCode).toBe(200);
    expect((await callback(t, second.search, false, browser)).statusCode).toBe(200);
  });

  it('attack: a victim completing the attacker’s popup URL is refused; neither conversation is touched', async () => {
    const t = await buildCodeFlowApp(world);
    // the attacker: an anonymous conversation, and /authorize started in the attacker's browser
    const attackerBrowser = newBrowser();
    const attacker = await anonymousVisitor(t, 'conv-attacker');
    await t.stores.conversations.appendMessage({
      accountId: 'acme',
      conversationId: attacker.conversation.id,
      id: 'm-attacker',
      from: 'consumer',
      senderId: attacker.consumerId,
      text: 'please reset my password to hunter2',
      clientMessageId: null,
      now: t.clock.now(),
    });
    const start = await authorize(
      t,
      {
        connector: 'basic',
        origin: BRAND_ORIGIN,
        anonymousRef: await anonymousRefFor(t, attacker.sessionToken),
      },
      attackerBrowser,
    );
    expect(start.statusCode, start.body).toBe(302);
    const attackUrl = String(start.headers.location);

    // the victim: an own anonymous conversation and an own popup cookie from an earlier visit
    const victimBrowser = newBrowser();
    const victim = await anonymousVisitor(t, 'conv-victim');
    expect((await authorize(t, { connector: 'basic', origin: BRAND_ORIGIN }, victimBrowser)).statusCode).toBe(
      302,
    );
    const before = {
      attacker: await t.stores.conversations.get('acme', attacker.conversation.id),
      victim: await t.stores.conversations.get('acme', victim.conversation.id),
    };

    // the victim signs in at the real IdP through the attacker's URL and lands on Parley's callback
    const cb = await world.idp.follow(attackUrl, CALLBACK_URL, 'victim');
    const page = await callback(t, cb.search, true, victimBrowser);
    expect(page.statusCode).toBe(401);
    expect(postedMessage(page.body)).toBeNull();
    expectProblem(await callback(t, cb.search, false, victimBrowser), 401, 'STATE_INVALID');

    expect(t.exchangerCalls).toEqual([]);
    expect(await t.stores.consumers.findByIdentity('acme', world.idp.issuer, 'victim')).toBeNull();
    expect((await t.stores.consumers.get('acme', attacker.consumerId))?.mergedInto).toBeNull();
    expect(await t.stores.conversations.get('acme', attacker.conversation.id)).toEqual(before.attacker);
    expect(await t.stores.conversations.get('acme', victim.conversation.id)).toEqual(before.victim);
    expect(await t.stores.conversations.listByConsumer('acme', attacker.consumerId)).toHaveLength(1);
    expect(before.attacker).toMatchObject({ consumerId: attacker.consumerId, authenticated: false });
    expect(before.victim).toMatchObject({
      consumerId: victim.consumerId,
      status: expect.not.stringMatching(/closed/),
    });
    const attackerSession = await t.app.inject({
      method: 'POST',
      url: '/v1/accounts/acme/authorize/anonymous-ref',
      headers: { authorization: `Bearer ${attacker.sessionToken}` },
    });
    expect(attackerSession.statusCode).toBe(201); // the attacker's anonymous session was not consumed
  });
});
