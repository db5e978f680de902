import { describe, expect, it } from 'vitest';
import { topics, type RealtimeEvent, type SessionRecord } from '@parley/core';
import { createFakeClock } from '@parley/core/testing';
import { createInProcessEventBus, createMemoryStores } from '@parley/storage';
import { observeStores } from './observe-stores.ts';

function session(id: string, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    accountId: 'acme',
    consumerId: 'c1',
    authenticated: true,
    connectorId: 'main',
    brandSid: null,
    brandSub: 'idp-sub-1',
    createdAt: 1,
    expiresAt: Date.now() + 3_600_000,
    revokedAt: null,
    ...over,
  };
}

// A back-channel logout must reach the consumer's sockets (they close on `session-ended`),
// whichever brand identifier (sid or sub) named the sessions.
describe('observeStores', () => {
  it('announces the sessions revoked by brand sub as a back-channel logout to their consumer', async () => {
    const clock = createFakeClock();
    const raw = createMemoryStores({ clock });
    const bus = createInProcessEventBus();
    const stores = observeStores(raw, { conversations: raw.conversations, bus, clock });
    const events: RealtimeEvent[] = [];
    bus.subscribe(topics.consumer('c1'), (event) => void events.push(event));
    await stores.sessions.create(session('s1'));
    await stores.sessions.create(session('s2', { brandSub: 'someone-else' }));

    expect(await stores.sessions.revokeByBrandSub('acme', 'main', 'idp-sub-1', clock.now())).toEqual(['s1']);
    expect(events).toContainEqual({
      kind: 'session-ended',
      accountId: 'acme',
      consumerId: 'c1',
      sessionIds: ['s1'],
      reason: 'backchannel-logout',
    });
    expect(events.filter((e) => e.kind === 'session-ended')).toHaveLength(1);
  });
});
