// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ConsumerProfile } from '@parley/protocol';
import { CustomerPanel } from './CustomerPanel.tsx';

afterEach(cleanup);

const verified = (over: Partial<ConsumerProfile> = {}): ConsumerProfile => ({
  consumerId: 'c-1',
  authenticated: true,
  issuer: 'https://login.bank.example',
  connector: { id: 'main', displayName: 'Demo Bank login' },
  authenticatedAt: '2026-11-20T09:30:00.000Z',
  verified: {
    standard: {
      name: 'Alice Martin',
      email: 'alice@customers.example',
      email_verified: true,
      phone_number: '+33 6 12 34 56 78',
      address: { locality: 'Lyon', country: 'FR' },
    },
    customerInfo: {
      customerId: 'C-000042',
      ctype: 'gold',
      cstatus: 'active',
      balance: -42.5,
      currency: 'EUR',
      lastPaymentDate: { day: 2, month: 11, year: 2026 },
      registrationDate: { day: 15, month: 6, year: 2019 },
    },
    personalInfo: {
      firstname: 'Alice',
      lastname: 'Martin',
      age: { year: 1988, month: 4, day: 12, age: 38 },
      language: 'en-GB',
      contacts: [{ email: 'alice@home.example', phone: '+33 1 23', phoneType: 'mobile' }],
    },
    custom: [
      { claim: 'account_number', label: 'Account number', value: '••••5678', masked: true },
      { claim: 'billing.plan', label: 'Plan', value: 'Gold', masked: false },
      { claim: 'risk.score', label: 'Risk score', value: null, masked: true, hidden: true },
    ],
  },
  unverified: {},
  ...over,
});

const card = (testId: string) => within(screen.getByTestId(testId));
const rowOf = (testId: string, label: string) => card(testId).getByText(label).closest('.row') as HTMLElement;

describe('the verified customer panel', () => {
  it('shows the Verified badge with the connector’s name and the time of sign-in', () => {
    render(<CustomerPanel profile={verified()} authState="authenticated" />);
    const badge = screen.getByRole('status');
    expect(badge.dataset.state).toBe('authenticated');
    expect(badge.textContent).toContain('Verified');
    expect(badge.textContent).toContain('via Demo Bank login');
    expect(badge.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-20T09:30:00.000Z');
  });

  it('shows standard claims by name, with the email verified marker and a formatted address', () => {
    render(<CustomerPanel profile={verified()} authState="authenticated" />);
    expect(rowOf('card-identity', 'Name').textContent).toContain('Alice Martin');
    expect(rowOf('card-identity', 'Email').textContent).toContain('alice@customers.example');
    expect(rowOf('card-identity', 'Email').textContent).toContain('email verified');
    expect(rowOf('card-identity', 'Phone').textContent).toContain('+33 6 12 34 56 78');
    expect(rowOf('card-identity', 'Address').textContent).toContain('Lyon, FR');
  });

  it('turns lp_sdes into Customer info (balance with its currency, dates) and Personal info cards', () => {
    render(<CustomerPanel profile={verified()} authState="authenticated" />);
    expect(rowOf('card-customer-info', 'Customer ID').textContent).toContain('C-000042');
    expect(rowOf('card-customer-info', 'Tier').textContent).toContain('gold');
    expect(rowOf('card-customer-info', 'Status').textContent).toContain('active');
    const balance = rowOf('card-customer-info', 'Balance').textContent ?? '';
    expect(balance).toMatch(/42[.,]50/);
    expect(balance).toMatch(/€|EUR/);
    expect(rowOf('card-customer-info', 'Last payment').textContent).toMatch(/2026/);
    expect(rowOf('card-customer-info', 'Customer since').textContent).toMatch(/2019/);
    expect(rowOf('card-personal-info', 'Name').textContent).toContain('Alice Martin');
    expect(rowOf('card-personal-info', 'Age').textContent).toContain('38');
    expect(rowOf('card-personal-info', 'Contact').textContent).toContain('+33 1 23 (mobile)');
  });

  it('shows configured claims with their labels: masked and hidden exactly as the server sent them', () => {
    render(<CustomerPanel profile={verified()} authState="authenticated" />);
    const account = rowOf('card-custom', 'Account number');
    expect(account.textContent).toContain('••••5678');
    expect(account.textContent).toContain('masked');
    expect(rowOf('card-custom', 'Plan').textContent).toBe('PlanGold');
    const hidden = rowOf('card-custom', 'Risk score');
    expect(hidden.textContent).toContain('hidden for your role');
    expect(hidden.textContent).not.toContain('null');
  });

  it('shows a clear value to a role the server sent it clear to, without a masked tag', () => {
    const clear = verified();
    clear.verified.custom = [
      { claim: 'account_number', label: 'Account number', value: 'ACC-12345678', masked: false },
    ];
    render(<CustomerPanel profile={clear} authState="authenticated" />);
    expect(rowOf('card-custom', 'Account number').textContent).toBe('Account numberACC-12345678');
  });

  it('keeps data the page pushed without a token apart, marked unverified', () => {
    render(
      <CustomerPanel
        profile={verified({ unverified: { email: 'someone@else.example' } })}
        authState="authenticated"
      />,
    );
    const unverified = screen.getByTestId('card-unverified');
    expect(unverified.textContent).toContain('Unverified');
    expect(unverified.textContent).toContain('someone@else.example');
    // the verified email is untouched and the pushed one is not among the verified cards
    expect(rowOf('card-identity', 'Email').textContent).toContain('alice@customers.example');
    expect(screen.getByTestId('card-identity').textContent).not.toContain('someone@else.example');
  });

  it.each([
    ['anonymous', 'Anonymous'],
    ['expired', 'Session expired'],
    ['logged_out', 'Logged out'],
  ] as const)('shows the %s state as “%s”, never as verified', (state, title) => {
    render(<CustomerPanel profile={verified()} authState={state} />);
    const badge = screen.getByRole('status');
    expect(badge.dataset.state).toBe(state);
    expect(badge.textContent).toContain(title);
    expect(badge.textContent).not.toContain('Verified');
  });

  it('offers “Ask to sign in” on an anonymous conversation of the agent, and sends it once', () => {
    const ask = vi.fn();
    const anonymous = verified({
      authenticated: false,
      issuer: null,
      connector: null,
      authenticatedAt: null,
    });
    anonymous.verified = { standard: {}, customerInfo: {}, personalInfo: {}, custom: [] };
    const { rerender } = render(
      <CustomerPanel profile={anonymous} authState="anonymous" canAskToSignIn onAskToSignIn={ask} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ask to sign in' }));
    expect(ask).toHaveBeenCalledTimes(1);
    rerender(
      <CustomerPanel
        profile={anonymous}
        authState="anonymous"
        canAskToSignIn
        authRequested
        onAskToSignIn={ask}
      />,
    );
    expect((screen.getByRole('button', { name: 'Sign-in requested…' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    // and turns verified when the consumer signs in
    rerender(
      <CustomerPanel profile={verified()} authState="authenticated" canAskToSignIn onAskToSignIn={ask} />,
    );
    expect(screen.queryByRole('button', { name: /sign in/i })).toBeNull();
    expect(screen.getByRole('status').dataset.state).toBe('authenticated');
  });

  it('does not offer “Ask to sign in” where the agent cannot ask (not its conversation)', () => {
    render(<CustomerPanel profile={verified({ authenticated: false })} authState="anonymous" />);
    expect(screen.queryByRole('button', { name: 'Ask to sign in' })).toBeNull();
  });
});
