import { describe, expect, it } from 'vitest';
import { buildProfile, displayNameOf, profileClaims } from './build-profile.ts';
import type { ConsumerRecord } from './consumer-store.ts';
import { claimDisplaySchema } from '../config/schema.ts';

const display = (input: Record<string, unknown>) => claimDisplaySchema.parse(input);

const consumer = (claims: Record<string, unknown>, extra: Partial<ConsumerRecord> = {}): ConsumerRecord => ({
  id: 'c-1',
  accountId: 'acme',
  issuer: 'https://login.acme.example',
  subject: 'user-1',
  claims,
  unverified: {},
  createdAt: Date.UTC(2026, 0, 1),
  lastAuthenticatedAt: Date.UTC(2026, 0, 2),
  mergedInto: null,
  ...extra,
});

describe('buildProfile', () => {
  it('maps standard OIDC claims to named fields and leaves other claims out of them', () => {
    const profile = buildProfile(consumer({ given_name: 'Ada', email: 'ada@example.com', plan: 'gold' }), {
      claims: [],
      role: 'agent',
    });
    expect(profile.verified.standard).toEqual({ given_name: 'Ada', email: 'ada@example.com' });
    expect(profile.authenticated).toBe(true);
    expect(profile.authenticatedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('turns lp_sdes ctmrinfo and personal entries into customer and personal info', () => {
    const profile = buildProfile(
      consumer({
        lp_sdes: [
          { type: 'ctmrinfo', info: { customerId: '42', balance: -12.5, cstatus: 'gold', bogus: 'x' } },
          {
            type: 'personal',
            personal: { firstname: 'Ada', contacts: [{ email: 'a@x.io', phone: '555', evil: 1 }] },
          },
        ],
      }),
      { claims: [], role: 'agent' },
    );
    expect(profile.verified.customerInfo).toEqual({ customerId: '42', balance: -12.5, cstatus: 'gold' });
    expect(profile.verified.personalInfo).toEqual({
      firstname: 'Ada',
      contacts: [{ email: 'a@x.io', phone: '555' }],
    });
  });

  it('drops lp_sdes fields whose type is not the documented one', () => {
    const profile = buildProfile(
      consumer({ lp_sdes: [{ type: 'ctmrinfo', info: { balance: '100', customerId: 7 } }] }),
      {
        claims: [],
        role: 'agent',
      },
    );
    expect(profile.verified.customerInfo).toEqual({});
  });

  it('shows configured custom claims by dotted path with their label, masked as configured', () => {
    const profile = buildProfile(consumer({ account_number: '1234567890', billing: { plan: 'Premium' } }), {
      claims: [
        display({ claim: 'account_number', label: 'Account number', mask: 'last4' }),
        display({ claim: 'billing.plan', label: 'Plan', mask: 'none' }),
        display({ claim: 'missing.claim', label: 'Absent', mask: 'none' }),
      ],
      role: 'agent',
    });
    expect(profile.verified.custom).toEqual([
      { claim: 'account_number', label: 'Account number', value: '••••7890', masked: true },
      { claim: 'billing.plan', label: 'Plan', value: 'Premium', masked: false },
    ]);
  });

  it('shows masked custom claims clear to supervisors by default', () => {
    const profile = buildProfile(consumer({ account_number: '1234567890' }), {
      claims: [display({ claim: 'account_number', label: 'Account number', mask: 'full' })],
      role: 'supervisor',
    });
    expect(profile.verified.custom[0]).toMatchObject({ value: '1234567890', masked: false });
  });

  it('never reads custom claim paths through the prototype chain', () => {
    const profile = buildProfile(consumer({}), {
      claims: [display({ claim: 'constructor.name', label: 'x', mask: 'none' })],
      role: 'agent',
    });
    expect(profile.verified.custom).toEqual([]);
  });

  it('keeps page-pushed attributes apart as unverified', () => {
    const profile = buildProfile(consumer({ email: 'real@x.io' }, { unverified: { email: 'fake@x.io' } }), {
      claims: [],
      role: 'agent',
    });
    expect(profile.verified.standard.email).toBe('real@x.io');
    expect(profile.unverified).toEqual({ email: 'fake@x.io' });
  });

  it('reports an anonymous consumer as not authenticated', () => {
    const profile = buildProfile(consumer({}, { issuer: null, subject: null, lastAuthenticatedAt: null }), {
      claims: [],
      role: 'agent',
    });
    expect(profile.authenticated).toBe(false);
    expect(profile.authenticatedAt).toBeNull();
  });
});

describe('profileClaims', () => {
  it('strips protocol claims that describe the token rather than the consumer', () => {
    expect(profileClaims({ sub: 's', exp: 1, iat: 1, nonce: 'n', jti: 'j', aud: 'a', plan: 'gold' })).toEqual(
      {
        sub: 's',
        plan: 'gold',
      },
    );
  });
});

describe('displayNameOf', () => {
  it('prefers name, then given + family name, then preferred_username', () => {
    expect(displayNameOf({ name: 'Ada L', given_name: 'Ada' })).toBe('Ada L');
    expect(displayNameOf({ given_name: 'Ada', family_name: 'Lovelace' })).toBe('Ada Lovelace');
    expect(displayNameOf({ preferred_username: 'ada' })).toBe('ada');
    expect(displayNameOf({ name: 42 })).toBeNull();
  });
});
