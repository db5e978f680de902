import { describe, expect, it } from 'vitest';
import { claimDisplaySchema, type AgentRole } from '../config/schema.ts';
import { buildProfile } from './build-profile.ts';
import type { ConsumerRecord } from './consumer-store.ts';

const consumer: ConsumerRecord = {
  id: 'c-1',
  accountId: 'acme',
  issuer: 'https://login.acme.example',
  subject: 'alice',
  claims: {
    name: 'Alice Martin',
    email: 'alice@example.com',
    account_number: 'ACC-12345678',
    billing: { plan: 'Gold' },
    risk: { score: 87 },
  },
  unverified: {},
  createdAt: Date.UTC(2026, 0, 1),
  lastAuthenticatedAt: Date.UTC(2026, 0, 2),
  mergedInto: null,
};

const claims = [
  // default clearFor: supervisor and admin
  { claim: 'account_number', label: 'Account number', mask: 'last4' },
  { claim: 'billing.plan', label: 'Plan' },
  { claim: 'risk.score', label: 'Risk score', mask: 'full', clearFor: ['admin'], hiddenFor: ['agent'] },
  { claim: 'email', label: 'Email', mask: 'full', clearFor: [] },
].map((c) => claimDisplaySchema.parse(c));

const customFor = (role: AgentRole) =>
  buildProfile(consumer, { claims, role, connector: { id: 'main', displayName: 'Acme login' } }).verified
    .custom;

describe('claims shown to agents are masked per role and per claim', () => {
  it('an agent gets masked values, and no value at all for a claim hidden from agents', () => {
    expect(customFor('agent')).toEqual([
      { claim: 'account_number', label: 'Account number', value: '••••5678', masked: true },
      { claim: 'billing.plan', label: 'Plan', value: 'Gold', masked: false },
      { claim: 'risk.score', label: 'Risk score', value: null, masked: true, hidden: true },
      { claim: 'email', label: 'Email', value: '••••', masked: true },
    ]);
  });

  it('a supervisor sees what clearFor grants it, and only that', () => {
    expect(customFor('supervisor')).toEqual([
      { claim: 'account_number', label: 'Account number', value: 'ACC-12345678', masked: false },
      { claim: 'billing.plan', label: 'Plan', value: 'Gold', masked: false },
      { claim: 'risk.score', label: 'Risk score', value: '••••', masked: true },
      { claim: 'email', label: 'Email', value: '••••', masked: true },
    ]);
  });

  it('an admin sees clear what clearFor names it in', () => {
    expect(customFor('admin').map((c) => c.value)).toEqual(['ACC-12345678', 'Gold', 87, '••••']);
  });

  it('a standard claim named in claims[] leaves the standard fields, so its mask cannot be bypassed', () => {
    const profile = buildProfile(consumer, { claims, role: 'agent' });
    expect(profile.verified.standard).toEqual({ name: 'Alice Martin' });
    expect(JSON.stringify(profile)).not.toContain('alice@example.com');
    expect(JSON.stringify(profile)).not.toContain('ACC-12345678');
  });

  it('hiddenFor wins over clearFor', () => {
    const both = claimDisplaySchema.parse({
      claim: 'account_number',
      label: 'Account number',
      mask: 'last4',
      clearFor: ['agent'],
      hiddenFor: ['agent'],
    });
    const profile = buildProfile(consumer, { claims: [both], role: 'agent' });
    expect(profile.verified.custom).toEqual([
      { claim: 'account_number', label: 'Account number', value: null, masked: true, hidden: true },
    ]);
  });

  it('carries the display name of the connector that verified the consumer', () => {
    const profile = buildProfile(consumer, {
      claims: [],
      role: 'agent',
      connector: { id: 'main', displayName: 'Acme login' },
    });
    expect(profile.connector).toEqual({ id: 'main', displayName: 'Acme login' });
    const unnamed = buildProfile(consumer, { claims: [], role: 'agent', connector: { id: 'main' } });
    expect(unnamed.connector).toEqual({ id: 'main', displayName: 'main' });
    const anonymous = buildProfile(
      { ...consumer, issuer: null, subject: null },
      { claims: [], role: 'agent', connector: { id: 'main' } },
    );
    expect(anonymous.connector).toBeNull();
  });
});
