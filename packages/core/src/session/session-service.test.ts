import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createInProcessEventBus, createMemoryStores } from '@parley/storage';
import { createFakeClock } from '../testing/fake-clock.ts';
import { createSessionKeyring } from '../keys/session-keyring.ts';
import { sessionKeysOf } from '../keys/session-signing-keys.ts';
import { rotateSessionSigningKey } from '../keys/rotate-session-signing-key.ts';
import { createSessionTokenSigner } from './session-token-signer.ts';
import { issueSession, revokeSessionToken, verifySession, type SessionDeps } from './session-service.ts';
import type { SessionEffectDeps } from './session-effects.ts';
import { isParleyError } from '../errors.ts';

async function setup() {
  const clock = createFakeClock();
  const stores = createMemoryStores({ clock });
  const signer = createSessionTokenSigner(
    createSessionKeyring({ keyStore: stores.keys, kind: 'consumer', clock }),
    clock,
  );
  const deps: SessionDeps & SessionEffectDeps = {
    sessions: stores.sessions,
    signer,
    clock,
    conversations: stores.conversations,
    bus: createInProcessEventBus(),
    onEffectError: (err) => {
      throw err;
    },
  };
  const nowS = Math.floor(clock.now() / 1000);
  const issue = (over: Partial<Parameters<typeof issueSession>[1]> = {}) =>
    issueSession(deps, {
      accountId: 'acme',
      consumerId: 'c-1',
      authenticated: true,
      expiresAt: nowS + 600,
      ...over,
    });
  const keyOf = async (accountId = 'acme') =>
    sessionKeysOf(await stores.keys.list(accountId), accountId, 'consumer').at(-1)!;
  return { clock, stores, deps, issue, keyOf };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isParleyError(err)) return err.code;
    throw err;
  }
  return 'resolved';
}

describe('session service', () => {
  it('issues a token that resolves to its live session record', async () => {
    const { deps, issue } = await setup();
    const issued = await issue();
    const session = await verifySession(deps, 'acme', issued.sessionToken);
    expect(session).toMatchObject({ id: issued.session.id, consumerId: 'c-1', authenticated: true });
    expect(issued.expiresAt).toBe(new Date(issued.session.expiresAt).toISOString());
  });

  it('refuses a session token of another account', async () => {
    const { deps, issue } = await setup();
    const issued = await issue();
    expect(await codeOf(verifySession(deps, 'other', issued.sessionToken))).toBe('SESSION_INVALID');
  });

  it('refuses a revoked session, and logout revokes it', async () => {
    const { deps, issue } = await setup();
    const issued = await issue();
    await revokeSessionToken(deps, 'acme', issued.sessionToken);
    expect(await codeOf(verifySession(deps, 'acme', issued.sessionToken))).toBe('SESSION_INVALID');
    expect(await codeOf(revokeSessionToken(deps, 'acme', issued.sessionToken))).toBe('SESSION_INVALID');
  });

  it('refuses an expired session', async () => {
    const { deps, issue, clock } = await setup();
    const issued = await issue();
    clock.advanceSeconds(601);
    expect(await codeOf(verifySession(deps, 'acme', issued.sessionToken))).toBe('SESSION_INVALID');
  });

  it("refuses a still-in-date token once its consumer's sessions are revoked", async () => {
    const { deps, issue, stores, clock } = await setup();
    const issued = await issue();
    await stores.sessions.revokeByConsumer('acme', 'c-1', clock.now());
    expect(await codeOf(verifySession(deps, 'acme', issued.sessionToken))).toBe('SESSION_INVALID');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const { deps, issue } = await setup();
    const token = (await issue()).sessionToken;
    // Flip a character in the middle of the signature (the last one may only hold padding bits).
    const at = token.lastIndexOf('.') + 10;
    const flipped = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect(await codeOf(verifySession(deps, 'acme', flipped))).toBe('SESSION_INVALID');
  });

  it('refuses a JWT signed with the right key but without the session typ', async () => {
    const { deps, issue, keyOf } = await setup();
    const issued = await issue();
    const key = await keyOf();
    const secret = Uint8Array.from(Buffer.from(key.privateJwk.k as string, 'base64url'));
    const forged = await new SignJWT({ acc: 'acme', cid: 'c-1', auth: true })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.id })
      .setIssuer('parley')
      .setJti(issued.session.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 1e6)
      .sign(secret);
    expect(await codeOf(verifySession(deps, 'acme', forged))).toBe('SESSION_INVALID');
  });

  it('refuses a token signed by another deployment key', async () => {
    const { deps } = await setup();
    const other = await setup();
    const foreign = await other.issue();
    expect(await codeOf(verifySession(deps, 'acme', foreign.sessionToken))).toBe('SESSION_INVALID');
  });

  it('refuses a token of the account key whose claims name another account (per-account keys)', async () => {
    const { deps, issue, keyOf } = await setup();
    await issue({ accountId: 'globex' }); // globex has its own consumer key
    const other = await issue(); // and acme's key exists
    const key = await keyOf('acme');
    const forged = await new SignJWT({ acc: 'globex', cid: 'c-1', auth: true })
      .setProtectedHeader({ alg: 'HS256', typ: 'parley-session+jwt', kid: key.id })
      .setIssuer('parley')
      .setJti(other.session.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 1e6)
      .sign(Uint8Array.from(Buffer.from(key.privateJwk.k as string, 'base64url')));
    expect(await codeOf(verifySession(deps, 'globex', forged))).toBe('SESSION_INVALID');
  });

  it('keeps verifying tokens of a rotated key, and signs new ones with the new key', async () => {
    const { deps, issue, stores, clock } = await setup();
    const before = await issue();
    const rotation = await rotateSessionSigningKey(stores.keys, {
      accountId: 'acme',
      kind: 'consumer',
      clock,
      retainSeconds: 3600,
    });
    expect(rotation.current.id).toBe('acme-consumer-sig-2');
    clock.advanceSeconds(61); // nodes re-read their keys every minute
    const after = await issue();
    const kidOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
    expect(kidOf(before.sessionToken)).toBe('acme-consumer-sig-1');
    expect(kidOf(after.sessionToken)).toBe('acme-consumer-sig-2');
    expect((await verifySession(deps, 'acme', before.sessionToken)).id).toBe(before.session.id);
    expect((await verifySession(deps, 'acme', after.sessionToken)).id).toBe(after.session.id);
  });
});
