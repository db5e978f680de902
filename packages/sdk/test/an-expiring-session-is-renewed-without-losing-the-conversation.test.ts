import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/storage.ts';
import type { Credential, TokenContext } from '../src/types.ts';
import { accept, agentSays, nextEvent, record, useSdkTestServer, until } from './harness.ts';

// Account `brief` issues 2 s sessions: the client renews half-way, the server closes 4401 at
// expiry. The server's clock is frozen, so only real elapsed time drives both timers.
const t = useSdkTestServer();

function brandPage(sub: string) {
  const asked: TokenContext['reason'][] = [];
  const page = {
    asked,
    failing: false,
    getToken: async (ctx: TokenContext): Promise<Credential> => {
      asked.push(ctx.reason);
      if (page.failing) throw new Error('brand token endpoint down');
      return { idToken: await t.mint({ sub }) };
    },
  };
  return page;
}

describe('an expiring session', () => {
  it('is renewed silently (reason "expired") on the same socket and conversation', async () => {
    const page = brandPage('renewed');
    const client = t.client({ account: 'brief', getToken: page.getToken });
    const connection = record(client, 'connection');
    await client.connect();
    const first = await client.send('before the renewals');
    // three renewals outlive the first 2 s session
    await until(() => page.asked.length >= 4, 'three renewals', 10_000);
    expect(page.asked.slice(0, 4)).toEqual(['start', 'expired', 'expired', 'expired']);
    expect(await client.send('after the renewals')).toMatchObject({
      conversationId: first.conversationId,
      seq: 2,
    });
    expect(connection).toEqual(['connecting', 'open']);
    client.close();
  });

  it('when renewal fails: retries with backoff, emits tokenNeeded, keeps the conversation', async () => {
    const page = brandPage('unlucky');
    const client = t.client({ account: 'brief', getToken: page.getToken });
    const messages = record(client, 'message');
    const needed = record(client, 'tokenNeeded');
    await client.connect();
    const first = await client.send('hello');
    const bo = await t.agent('brief', 'bo@brief.example');
    await accept(bo, first.conversationId);

    page.failing = true;
    await nextEvent(client, 'authState', (s) => s.state === 'expired', 10_000);
    expect(needed.length).toBeGreaterThan(0);
    expect(needed[0]).toEqual({ reason: 'expired', code: 'TOKEN_PROVIDER_FAILED' });
    expect(client.state.connection).toBe('reconnecting');
    await agentSays(bo, first.conversationId, 'said while you were away');

    page.failing = false;
    await until(() => client.state.connection === 'open', 'reconnected');
    await until(() => messages.length === 2, 'the missed message');
    expect(messages.map((m) => m.message.text)).toEqual(['hello', 'said while you were away']);
    expect(await client.send('back')).toMatchObject({ conversationId: first.conversationId, seq: 3 });
    expect(page.asked.filter((r) => r !== 'expired')).toEqual(['start']);
    client.close();
  });

  it('without getToken: emits tokenNeeded and resumes the same conversation once the page signs in', async () => {
    const client = t.client({ account: 'brief' });
    await client.authenticate({ idToken: await t.mint({ sub: 'manual' }) });
    const needed = nextEvent(client, 'tokenNeeded');
    await client.connect();
    const first = await client.send('hello');
    expect(await needed).toEqual({ reason: 'expired' });
    await nextEvent(client, 'authState', (s) => s.state === 'expired', 10_000);
    expect(client.state.conversationId).toBe(first.conversationId);

    await client.authenticate({ idToken: await t.mint({ sub: 'manual' }) });
    await until(() => client.state.connection === 'open', 'reconnected');
    expect(await client.send('signed in again')).toMatchObject({
      conversationId: first.conversationId,
      seq: 2,
    });
    client.close();
  });

  it("is timed on Parley's clock: a device clock 2 h ahead does not renew in a loop", async () => {
    const page = brandPage('skewed');
    const client = t.client({ getToken: page.getToken, now: () => t.clock.now() + 2 * 3_600_000 });
    await client.connect();
    await client.send('my clock is wrong');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(page.asked).toEqual(['start']);
    client.close();
  });

  it('found expired in storage at start: getToken("resume"), same conversation, missed messages replayed', async () => {
    const storage = createMemoryStorage();
    const page = brandPage('returning');
    const before = t.client({ storage, getToken: page.getToken });
    await before.connect();
    const first = await before.send('yesterday');
    await until(() => before.state.lastSeq === 1, 'own message seen');
    before.close();
    const ana = await t.agent();
    await accept(ana, first.conversationId);
    await agentSays(ana, first.conversationId, 'answered overnight');

    // the next day (the last test of this file: the server's clock moves for everyone)
    t.clock.advanceSeconds(2 * 3600);
    const later = t.client({ storage, getToken: page.getToken });
    const messages = record(later, 'message');
    await later.connect();
    expect(page.asked).toEqual(['start', 'resume']);
    await until(() => messages.length === 1, 'the missed reply');
    expect(messages[0]?.message).toMatchObject({ seq: 2, text: 'answered overnight' });
    expect(later.transcript().map((m) => m.seq)).toEqual([1, 2]);
  });
});
