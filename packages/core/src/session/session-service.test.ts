import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createMemoryStores } from '@parley/storage';
import { createFakeClock } from '../testing/fake-clock.ts';
import { ensureSessionSigningKey } from '../keys/ensure-session-signing-key.ts';
import { createSessionTokenSigner } from './session-token-signer.ts';
import { issueSession, revokeSessionToken, verifySession, type SessionDeps } from './session-service.ts';
import { isParleyError } from '../errors.ts';

async function setup() {
  const clock = createFakeClock();
  const stores = createMemoryStores({ clock });
  const key = await ensureSessionSigningKey(stores.keys, clock);
  const signer = await createSessionTokenSigner(key.privateJwk, clock);
  const deps: SessionDeps = { sessions: stores.sessions, signer, clock };
  const nowS = Math.floor(clock.now() / 1000);
  const issue = (over: Partial<Parameters<typeof issueSession>[1]> = {}) =>
    issueSession(deps, {
      accountId: 'acme',
      consumerId: 'c-1',
      authenticated: true,
      expiresAt: nowS + 600,
      ...over,
    });
  return { clock, stores, deps, issue, key };
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
    const { deps, issue, key } = await setup();
    const issued = await issue();
    const secret = Uint8Array.from(Buffer.from(key.privateJwk.k as string, 'base64url'));
    const forged = await new SignJWT({ acc: 'acme', cid: 'c-1', auth: true })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
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
});
