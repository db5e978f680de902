import { describe, expect, it } from 'vitest';
import { createInProcessEventBus, createMemoryStores } from '@parley/storage';
import type { Clock } from '../clock.ts';
import { createFakeClock } from '../testing/fake-clock.ts';
import { createTestReplayCache } from '../testing/test-replay-cache.ts';
import { parseConfig } from '../config/parse-config.ts';
import { createAccountConnectors } from '../account/account-connectors.ts';
import { createSessionKeyring } from '../keys/session-keyring.ts';
import { topics, type EventBus, type RealtimeEvent } from '../conversation/event-bus.ts';
import { completeLogin } from '../flows/complete-login.ts';
import type { LoginDeps } from '../flows/login-deps.ts';
import { BACKCHANNEL_LOGOUT_EVENT, logoutFromBackchannel } from '../flows/logout-from-backchannel.ts';
import type { VerifiedIdToken } from '../token/verified-token.ts';
import { issueSession, revokeSessionToken } from './session-service.ts';
import { createSessionTokenSigner } from './session-token-signer.ts';

const ISSUER = 'https://login.acme.example';

/** An account whose consumers are keyed by `customer_id`: a logout by `sub` names brand subs. */
function accountOf(subjectClaim: string) {
  const config = parseConfig({
    accounts: [
      {
        id: 'acme',
        connectors: [
          { id: 'main', issuer: ISSUER, clientId: 'parley', jwksUri: `${ISSUER}/jwks`, subjectClaim },
        ],
      },
    ],
  });
  return config.accounts[0]!;
}

function verifiedToken(clock: Clock, claims: Record<string, unknown>): VerifiedIdToken {
  return {
    connectorId: 'main',
    issuer: ISSUER,
    subject: String(claims.customer_id ?? claims.sub),
    claims: { iss: ISSUER, ...claims },
    header: { alg: 'RS256' },
    expiresAt: Math.floor(clock.now() / 1000) + 600,
    encrypted: false,
    signatureSha256: 'sig',
  };
}

const failingBus: EventBus = {
  publish: async () => {
    throw new Error('bus down');
  },
  subscribe: () => () => {},
};

function setup(options: { subjectClaim?: string; bus?: EventBus } = {}) {
  const clock = createFakeClock();
  const stores = createMemoryStores({ clock });
  const bus = options.bus ?? createInProcessEventBus();
  const effectErrors: unknown[] = [];
  const keyring = createSessionKeyring({ keyStore: stores.keys, kind: 'consumer', clock });
  const account = accountOf(options.subjectClaim ?? 'customer_id');
  const deps: LoginDeps = {
    account,
    connectors: createAccountConnectors(account),
    consumers: stores.consumers,
    sessions: stores.sessions,
    signer: createSessionTokenSigner(keyring, clock),
    clock,
    conversations: stores.conversations,
    bus,
    onEffectError: (err) => void effectErrors.push(err),
  };
  const events: RealtimeEvent[] = [];
  const listen = (topic: string) => bus.subscribe(topic, (event) => void events.push(event));
  const backchannelLogout = (claims: Record<string, unknown>) =>
    logoutFromBackchannel(
      {
        ...deps,
        replay: createTestReplayCache(clock),
        verifier: {
          verify: async () => verifiedToken(clock, { events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, ...claims }),
        },
      },
      { logoutToken: 'logout-token' },
    );
  /** A live session of consumer c1, signed in on connector main as brand sub idp-sub-1. */
  const signIn = async (over: { brandSid?: string; brandSub?: string } = {}) =>
    (
      await issueSession(deps, {
        accountId: 'acme',
        consumerId: 'c1',
        authenticated: true,
        connectorId: 'main',
        brandSub: 'idp-sub-1',
        expiresAt: Math.floor(clock.now() / 1000) + 600,
        ...over,
      })
    ).session.id;
  return { clock, stores, deps, events, listen, effectErrors, backchannelLogout, signIn };
}

/** An anonymous consumer with an open conversation and a live session, about to step up. */
async function anonymousChat(t: ReturnType<typeof setup>) {
  const { deps, stores, clock } = t;
  await stores.consumers.createAnonymous({ accountId: 'acme', id: 'anon-1', now: clock.now() });
  const issued = await issueSession(deps, {
    accountId: 'acme',
    consumerId: 'anon-1',
    authenticated: false,
    expiresAt: Math.floor(clock.now() / 1000) + 600,
  });
  const { conversation } = await stores.conversations.openOrCreate({
    accountId: 'acme',
    consumerId: 'anon-1',
    authenticated: false,
    newId: 'conv-1',
    now: clock.now(),
  });
  return { anonymous: issued.session, conversation };
}

const sessionEnded = (events: RealtimeEvent[]) => events.filter((e) => e.kind === 'session-ended');

// A back-channel logout must reach the consumer's sockets (they close on `session-ended`),
// whichever brand identifier (sid or sub) named the sessions.
describe('back-channel logout', () => {
  it('announces the sessions revoked by brand sub as a back-channel logout to their consumer', async () => {
    const t = setup();
    t.listen(topics.consumer('c1'));
    const s1 = await t.signIn();
    await t.signIn({ brandSub: 'someone-else' });

    expect(await t.backchannelLogout({ sub: 'idp-sub-1', jti: 'j1' })).toEqual({ revoked: [s1] });
    expect(t.events).toContainEqual({
      kind: 'session-ended',
      accountId: 'acme',
      consumerId: 'c1',
      sessionIds: [s1],
      reason: 'backchannel-logout',
    });
    expect(sessionEnded(t.events)).toHaveLength(1);
  });

  it('announces the sessions revoked by brand sid, and every session of a consumer keyed by sub', async () => {
    const t = setup({ subjectClaim: 'sub' });
    const consumer = await t.stores.consumers.upsertAuthenticated({
      accountId: 'acme',
      issuer: ISSUER,
      subject: 'alice',
      newId: 'c1',
      claims: {},
      now: t.clock.now(),
    });
    t.listen(topics.consumer(consumer.id));
    const s1 = await t.signIn({ brandSid: 'sid-1' });
    const s2 = await t.signIn();

    expect(await t.backchannelLogout({ sid: 'sid-1', jti: 'j1' })).toEqual({ revoked: [s1] });
    expect(await t.backchannelLogout({ sub: 'alice', jti: 'j2' })).toEqual({ revoked: [s2] });
    expect(sessionEnded(t.events).map((e) => e.kind === 'session-ended' && [e.sessionIds, e.reason])).toEqual(
      [
        [[s1], 'backchannel-logout'],
        [[s2], 'backchannel-logout'],
      ],
    );
  });
});

describe('logout', () => {
  it('revokes the session and tells its consumer: its sockets close and agents see logged_out', async () => {
    const t = setup();
    const { conversation } = await anonymousChat(t);
    const issued = await issueSession(t.deps, {
      accountId: 'acme',
      consumerId: 'anon-1',
      authenticated: false,
      expiresAt: Math.floor(t.clock.now() / 1000) + 600,
    });
    t.listen(topics.consumer('anon-1'));
    t.listen(topics.conversation(conversation.id));

    await revokeSessionToken(t.deps, 'acme', issued.sessionToken);
    expect((await t.stores.sessions.get(issued.session.id))?.revokedAt).not.toBeNull();
    expect(sessionEnded(t.events)).toEqual([
      {
        kind: 'session-ended',
        accountId: 'acme',
        consumerId: 'anon-1',
        sessionIds: [issued.session.id],
        reason: 'logout',
      },
    ]);
    expect(t.events).toContainEqual({
      kind: 'frame',
      frame: {
        type: 'consumer.auth_state',
        consumerId: 'anon-1',
        conversationId: 'conv-1',
        state: 'logged_out',
      },
    });
  });
});

describe('step-up', () => {
  it('moves the anonymous conversation in place and tells the old socket step-up, not logged out', async () => {
    const t = setup();
    const { anonymous, conversation } = await anonymousChat(t);
    t.listen(topics.consumer('anon-1'));
    t.listen(topics.conversation(conversation.id));

    const login = await completeLogin(
      t.deps,
      verifiedToken(t.clock, { sub: 'alice', customer_id: 'cust-1' }),
      anonymous,
    );
    expect(login.steppedUpFrom).toBe('anon-1');
    const moved = await t.stores.conversations.listByConsumer('acme', login.consumerId);
    expect(moved.map((c) => c.id)).toEqual([conversation.id]);
    expect((await t.stores.sessions.get(anonymous.id))?.revokedAt).not.toBeNull();
    expect(sessionEnded(t.events)).toEqual([
      {
        kind: 'session-ended',
        accountId: 'acme',
        consumerId: 'anon-1',
        sessionIds: [anonymous.id],
        reason: 'step-up',
      },
    ]);
    const authStates = t.events.flatMap((e) =>
      e.kind === 'frame' && e.frame.type === 'consumer.auth_state' ? [e.frame.state] : [],
    );
    expect(authStates).toEqual(['authenticated']);
    expect(t.effectErrors).toEqual([]);
  });
});

describe('a failed publish', () => {
  it('is reported and never fails the logout, the back-channel logout or the step-up', async () => {
    const t = setup({ bus: failingBus });
    const { anonymous } = await anonymousChat(t);
    const login = await completeLogin(
      t.deps,
      verifiedToken(t.clock, { sub: 'alice', customer_id: 'cust-1' }),
      anonymous,
    );
    expect(login.steppedUpFrom).toBe('anon-1');
    expect((await t.stores.consumers.get('acme', 'anon-1'))?.mergedInto).toBe(login.consumerId);
    expect((await t.stores.sessions.get(anonymous.id))?.revokedAt).not.toBeNull();

    await revokeSessionToken(t.deps, 'acme', login.sessionToken);
    expect((await t.stores.sessions.get(login.session.id))?.revokedAt).not.toBeNull();

    const s1 = await t.signIn();
    expect(await t.backchannelLogout({ sub: 'idp-sub-1', jti: 'j1' })).toEqual({ revoked: [s1] });
    expect((await t.stores.sessions.get(s1))?.revokedAt).not.toBeNull();

    // step-up: moving the conversations and ending the anonymous session; logout; back-channel
    expect(t.effectErrors.map((err) => (err as Error).message)).toEqual([
      'bus down',
      'bus down',
      'bus down',
      'bus down',
    ]);
  });
});
