import { describe, expect, it } from 'vitest';
import { generateSigningKey, idTokenClaims, mintToken } from '@parley/core/testing';
import { epochSeconds } from '@parley/core';
import { createMemoryStorage } from '../src/storage.ts';
import type { Credential, TokenContext } from '../src/types.ts';
import { accept, nextEvent, record, useSdkTestServer, until } from './harness.ts';

const t = useSdkTestServer();

/** A getToken that mints a fresh id_token for `sub` and records every context it was given. */
function brandPage(sub: string) {
  const asked: TokenContext[] = [];
  const minted: string[] = [];
  return {
    asked,
    minted,
    getToken: async (ctx: TokenContext): Promise<Credential> => {
      asked.push(ctx);
      const idToken = await t.mint({ sub });
      minted.push(idToken);
      return { idToken };
    },
  };
}

describe('signing in', () => {
  it('asks getToken at start (reason "start") and never stores the brand token', async () => {
    const storage = createMemoryStorage();
    const page = brandPage('start-user');
    const client = t.client({ storage, getToken: page.getToken });
    await client.connect();
    expect(page.asked).toEqual([{ reason: 'start', accountId: 'acme' }]);
    expect(client.state).toMatchObject({ authenticated: true, connection: 'open' });
    await client.send('signed in from the start');

    const stored = await Promise.all(
      ['session', 'conversations', 'outbox'].map((key) => storage.getItem(`parley:acme:${key}`)),
    );
    expect(stored[0]).toContain(client.state.consumerId);
    for (const value of stored) expect(value ?? '').not.toContain(page.minted[0]);
  });

  it('without getToken, reports auth.request; the page steps up with its own credential', async () => {
    const client = t.client();
    await client.connect();
    const before = await client.send('anonymous question');
    const ana = await t.agent();
    await accept(ana, before.conversationId);

    const asked = nextEvent(client, 'authRequest');
    ana.send({ type: 'auth.request', conversationId: before.conversationId });
    expect(await asked).toEqual({ conversationId: before.conversationId });
    expect(client.state.authenticated).toBe(false);

    const session = await client.authenticate({ idToken: await t.mint({ sub: 'explicit-step-up' }) });
    expect(session.authenticated).toBe(true);
    await ana.next((f) => f.type === 'consumer.auth_state' && f.state === 'authenticated');
    expect(await client.send('signed in now')).toMatchObject({
      conversationId: before.conversationId,
      seq: 2,
    });
  });

  it('a step-up with getToken moves the anonymous conversation in place', async () => {
    const page = brandPage('mover');
    const client = t.client({ getToken: page.getToken });
    // start anonymous explicitly (the page offers sign-in later)
    await client.anonymous();
    await client.connect();
    expect(page.asked).toEqual([]);
    const before = await client.send('before signing in');
    const ana = await t.agent();
    await accept(ana, before.conversationId);

    const sessions = record(client, 'session');
    ana.send({ type: 'auth.request', conversationId: before.conversationId });
    const state = await ana.next((f) => f.type === 'consumer.auth_state' && f.state === 'authenticated');
    expect(page.asked.map((c) => c.reason)).toEqual(['step-up']);
    await until(() => client.state.authenticated, 'client authenticated');
    expect(state).toMatchObject({ consumerId: client.state.consumerId });
    expect(sessions.map((s) => s.origin)).toEqual(['local']);

    const after = await client.send('after signing in');
    expect(after).toMatchObject({ conversationId: before.conversationId, seq: 2 });
    expect(client.state.conversationId).toBe(before.conversationId);
  });

  it('a failed sign-in keeps the anonymous session and conversation, with the catalogue code', async () => {
    const stranger = await generateSigningKey('ES256');
    const client = t.client({
      // a token signed by a key the connector does not trust
      getToken: async () => ({
        idToken: await mintToken(stranger, idTokenClaims(epochSeconds(t.clock), {})),
      }),
    });
    await client.anonymous();
    await client.connect();
    const before = await client.send('still anonymous');
    const anonymous = client.state.consumerId;
    const errors = record(client, 'error');

    await expect(client.authenticate()).rejects.toMatchObject({ code: 'TOKEN_KEY_NOT_FOUND' });
    expect(errors.map((e) => e.code)).toEqual(['TOKEN_KEY_NOT_FOUND']);
    expect(client.state).toMatchObject({ consumerId: anonymous, authenticated: false, connection: 'open' });
    expect(await client.send('and chatting on')).toMatchObject({
      conversationId: before.conversationId,
      seq: 2,
    });
  });

  it('a getToken that throws is reported as TOKEN_PROVIDER_FAILED without its message', async () => {
    const client = t.client({
      getToken: () => {
        throw new Error('secret brand detail eyJhbGciOi');
      },
    });
    await client.anonymous();
    const error = (await client.authenticate().then(
      () => null,
      (err: unknown) => err as Error & { code: string },
    ))!;
    expect(error).toMatchObject({ code: 'TOKEN_PROVIDER_FAILED' });
    expect(error.message).not.toContain('secret');
    expect(client.state.authenticated).toBe(false);
  });
});
