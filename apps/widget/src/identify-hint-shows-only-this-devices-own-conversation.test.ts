import { describe, expect, it } from 'vitest';
import { createIdentityHint } from './identity-hint.ts';

const alice = { iss: 'https://login.acme.example', sub: 'alice' };

describe('Parley.identify (a hint, never a credential)', () => {
  it('matches only the identity announced when this device signed that consumer in', async () => {
    const hint = createIdentityHint('acme');
    expect(await hint.matches(alice, 'consumer-1')).toBe(false); // nothing remembered yet
    await hint.remember('consumer-1'); // signed in while the page announced alice
    expect(await hint.matches(alice, 'consumer-1')).toBe(true);
  });

  it('another identity, another issuer or another stored consumer shows nothing', async () => {
    const hint = createIdentityHint('acme');
    await hint.matches(alice, undefined);
    await hint.remember('consumer-1');
    expect(await hint.matches({ ...alice, sub: 'bob' }, 'consumer-1')).toBe(false);
    expect(await hint.matches({ ...alice, iss: 'https://evil.example' }, 'consumer-1')).toBe(false);
    expect(await hint.matches(alice, 'consumer-2')).toBe(false);
    expect(await hint.matches(alice, undefined)).toBe(false);
  });

  it('logout forgets it', async () => {
    const hint = createIdentityHint('acme');
    await hint.matches(alice, undefined);
    await hint.remember('consumer-1');
    hint.forget();
    expect(await hint.matches(alice, 'consumer-1')).toBe(false);
  });
});
