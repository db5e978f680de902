import { describe, expect, it } from 'vitest';
import { base64url, SignJWT } from 'jose';
import { createTestKeyStore } from '../testing/index.ts';
import { createSessionKeyring } from '../keys/session-keyring.ts';
import { sessionKeysOf } from '../keys/session-signing-keys.ts';
import { createSessionTokenSigner } from '../session/session-token-signer.ts';
import { createAgentTokenSigner } from './agent-token-signer.ts';

const clock = { now: () => Date.UTC(2030, 0, 1) };
const exp = Date.UTC(2030, 0, 1) / 1000 + 600;
const claims = { tokenId: 't1', accountId: 'acme', agentId: 'agt_1', role: 'agent' as const, expiresAt: exp };

function setup() {
  const keyStore = createTestKeyStore();
  const agents = createAgentTokenSigner(createSessionKeyring({ keyStore, kind: 'agent', clock }), clock);
  const sessions = createSessionTokenSigner(
    createSessionKeyring({ keyStore, kind: 'consumer', clock }),
    clock,
  );
  return { keyStore, agents, sessions };
}

/** An HS256 JWT made with jose, signed with a stored key: what a forger holding that key can mint. */
async function forge(secretJwkK: string, kid: string, typ: string, payload: Record<string, unknown>) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ, kid })
    .setIssuer('parley')
    .setJti('t1')
    .setExpirationTime(exp)
    .sign(base64url.decode(secretJwkK));
}

describe('agent session tokens', () => {
  it('round-trip with a kid of the account agent key, bound to the credential they were issued for', async () => {
    const { agents } = setup();
    const token = await agents.sign(claims, 'credential-1');
    const verified = await agents.verify('acme', token);
    expect(verified).toMatchObject(claims);
    expect(verified.issuedFor('credential-1')).toBe(true);
    expect(verified.issuedFor('credential-2')).toBe(false);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({
      kid: 'acme-agent-sig-1',
      typ: 'parley-agent+jwt',
    });
    expect(token).not.toContain(Buffer.from('credential-1').toString('base64url'));
  });

  it('are never accepted as consumer session tokens, nor the reverse', async () => {
    const { agents, sessions } = setup();
    const agentToken = await agents.sign(claims, 'c');
    await expect(sessions.verify('acme', agentToken)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    const consumerToken = await sessions.sign({
      sessionId: 's1',
      accountId: 'acme',
      consumerId: 'c1',
      authenticated: true,
      expiresAt: exp,
    });
    await expect(agents.verify('acme', consumerToken)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('refuses a token with the agent typ signed with the account consumer key (key separation alone)', async () => {
    const { keyStore, agents, sessions } = setup();
    await sessions.sign({
      sessionId: 's',
      accountId: 'acme',
      consumerId: 'c',
      authenticated: true,
      expiresAt: exp,
    });
    const [consumerKey] = sessionKeysOf(await keyStore.list('acme'), 'acme', 'consumer');
    const payload = { acc: 'acme', aid: 'agt_1', role: 'admin' };
    const forged = await forge(consumerKey!.privateJwk.k!, consumerKey!.id, 'parley-agent+jwt', payload);
    await expect(agents.verify('acme', forged)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    // the same forgery naming an agent kid is refused too: the signature is not that key's
    const renamed = await forge(consumerKey!.privateJwk.k!, 'acme-agent-sig-1', 'parley-agent+jwt', payload);
    await agents.sign(claims, 'c'); // the agent key exists
    await expect(agents.verify('acme', renamed)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
  });

  it("refuses another account's agent token, even one claiming the account it is presented to", async () => {
    const { agents } = setup();
    await agents.sign({ ...claims, accountId: 'globex' }, 'c'); // globex has its own agent key
    const token = await agents.sign({ ...claims, accountId: 'acme' }, 'c');
    const [header, , signature] = token.split('.');
    const body = Buffer.from(
      JSON.stringify({ acc: 'globex', aid: 'agt_1', role: 'agent', jti: 't1', exp, iss: 'parley' }),
    ).toString('base64url');
    await expect(agents.verify('globex', token)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    await expect(agents.verify('globex', `${header}.${body}.${signature}`)).rejects.toMatchObject({
      code: 'SESSION_INVALID',
    });
  });

  it('refuses a token signed by acme key for globex claims, presented to globex', async () => {
    const { keyStore, agents } = setup();
    await agents.sign(claims, 'c');
    await agents.sign({ ...claims, accountId: 'globex' }, 'c');
    const [acmeKey] = sessionKeysOf(await keyStore.list('acme'), 'acme', 'agent');
    const forged = await forge(acmeKey!.privateJwk.k!, acmeKey!.id, 'parley-agent+jwt', {
      acc: 'globex',
      aid: 'agt_1',
      role: 'agent',
    });
    await expect(agents.verify('globex', forged)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    // acme's key verifies its signature: only the per-account keys refuse it at globex
    expect((await agents.verify('acme', forged)).accountId).toBe('globex');
  });

  it('refuses an expired token', async () => {
    const { agents } = setup();
    const token = await agents.sign({ ...claims, role: 'admin', expiresAt: exp - 1200 }, 'c');
    await expect(agents.verify('acme', token)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
  });
});
