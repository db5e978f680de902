import { describe, expect, it } from 'vitest';
import { createFakeClock, createTestKeyStore } from '../testing/index.ts';
import { rotateSessionSigningKey } from './rotate-session-signing-key.ts';
import { createSessionKeyring } from './session-keyring.ts';
import { ensureSessionSigningKeys, sessionKeysOf } from './session-signing-keys.ts';

const ids = async (keyStore: ReturnType<typeof createTestKeyStore>, kind: 'consumer' | 'agent') =>
  sessionKeysOf(await keyStore.list('acme'), 'acme', kind).map((k) => k.id);

describe('session signing keys', () => {
  it('are one HS256 series per account and kind, version 1 generated once', async () => {
    const keyStore = createTestKeyStore();
    const clock = createFakeClock();
    const [consumer] = await ensureSessionSigningKeys(keyStore, {
      accountId: 'acme',
      kind: 'consumer',
      clock,
    });
    await ensureSessionSigningKeys(keyStore, { accountId: 'acme', kind: 'consumer', clock });
    const [agent] = await ensureSessionSigningKeys(keyStore, { accountId: 'acme', kind: 'agent', clock });
    const [other] = await ensureSessionSigningKeys(keyStore, { accountId: 'globex', kind: 'agent', clock });
    expect([consumer!.id, agent!.id, other!.id]).toEqual([
      'acme-consumer-sig-1',
      'acme-agent-sig-1',
      'globex-agent-sig-1',
    ]);
    expect(consumer).toMatchObject({ owner: 'acme', use: 'sig', alg: 'HS256', publicJwk: null });
    expect(new Set([consumer!.privateJwk.k, agent!.privateJwk.k, other!.privateJwk.k]).size).toBe(3);
    expect(keyStore.inserts).toBe(3);
  });

  it('rotate adds the next version, which signs; the old one still verifies until purged', async () => {
    const keyStore = createTestKeyStore();
    const clock = createFakeClock();
    const keyring = createSessionKeyring({ keyStore, kind: 'agent', clock });
    const first = await keyring.current('acme');
    const { current } = await rotateSessionSigningKey(keyStore, {
      accountId: 'acme',
      kind: 'agent',
      clock,
      retainSeconds: 8 * 3600,
    });
    expect(current.id).toBe('acme-agent-sig-2');
    expect(await ids(keyStore, 'consumer')).toEqual([]); // the other kind is untouched
    // a token with the new kid is verified at once (unknown kid: the store is re-read)
    clock.advanceSeconds(1);
    expect((await keyring.find('acme', 'acme-agent-sig-2'))?.kid).toBe('acme-agent-sig-2');
    clock.advanceSeconds(60);
    expect((await keyring.current('acme')).kid).toBe('acme-agent-sig-2');
    expect((await keyring.find('acme', first.kid))?.kid).toBe(first.kid);
    // not purged while a token it signed may live: retention + the one-minute refresh
    clock.advanceSeconds(8 * 3600);
    await rotateSessionSigningKey(keyStore, {
      accountId: 'acme',
      kind: 'agent',
      clock,
      retainSeconds: 8 * 3600,
    });
    expect(await ids(keyStore, 'agent')).toEqual(['acme-agent-sig-2', 'acme-agent-sig-3']);
  });

  it('purges nothing of a key whose successor is younger than the retention', async () => {
    const keyStore = createTestKeyStore();
    const clock = createFakeClock();
    await ensureSessionSigningKeys(keyStore, { accountId: 'acme', kind: 'consumer', clock });
    const rotate = () =>
      rotateSessionSigningKey(keyStore, { accountId: 'acme', kind: 'consumer', clock, retainSeconds: 3600 });
    await rotate();
    clock.advanceSeconds(3600); // the refresh minute is not over yet
    expect((await rotate()).purged).toEqual([]);
    expect(await ids(keyStore, 'consumer')).toEqual([
      'acme-consumer-sig-1',
      'acme-consumer-sig-2',
      'acme-consumer-sig-3',
    ]);
  });

  it('deletes the legacy deployment-wide key, which nothing verifies with any more', async () => {
    const keyStore = createTestKeyStore();
    const clock = createFakeClock();
    await keyStore.insert({
      id: 'session-hs256-1',
      owner: '*',
      use: 'sig',
      alg: 'HS256',
      privateJwk: { kty: 'oct', k: 'x' },
      publicJwk: null,
      createdAt: 0,
    });
    const { purged } = await rotateSessionSigningKey(keyStore, {
      accountId: 'acme',
      kind: 'consumer',
      clock,
      retainSeconds: 60,
    });
    expect(purged).toEqual(['session-hs256-1']);
    expect(await keyStore.list('*')).toEqual([]);
  });

  it('never finds a kid of another account or kind', async () => {
    const keyStore = createTestKeyStore();
    const clock = createFakeClock();
    const consumers = createSessionKeyring({ keyStore, kind: 'consumer', clock });
    await createSessionKeyring({ keyStore, kind: 'agent', clock }).current('acme');
    await consumers.current('globex');
    expect(await consumers.find('acme', 'acme-agent-sig-1')).toBeNull();
    expect(await consumers.find('acme', 'globex-consumer-sig-1')).toBeNull();
    expect(await consumers.find('globex', 'globex-consumer-sig-1')).not.toBeNull();
  });
});
