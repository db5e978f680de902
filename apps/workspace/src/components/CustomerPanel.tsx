import type { ReactNode } from 'react';
import type { ConsumerAuthState, ConsumerProfile, CustomClaimView } from '@parley/protocol';
import { formatMoney, formatSdesDate, formatTime, formatValue } from '../lib/format.ts';

export interface CustomerPanelProps {
  profile?: ConsumerProfile | undefined;
  authState?: ConsumerAuthState | undefined;
  /** Shows "Ask to sign in" (an anonymous consumer in the agent's own active conversation). */
  canAskToSignIn?: boolean;
  authRequested?: boolean;
  onAskToSignIn?: () => void;
  onShowHistory?: () => void;
}

const STANDARD_LABELS: [string, string][] = [
  ['name', 'Name'],
  ['given_name', 'Given name'],
  ['family_name', 'Family name'],
  ['preferred_username', 'Username'],
  ['email', 'Email'],
  ['phone_number', 'Phone'],
  ['birthdate', 'Birth date'],
  ['gender', 'Gender'],
  ['locale', 'Locale'],
  ['address', 'Address'],
];

const CUSTOMER_LABELS: Record<string, string> = {
  customerId: 'Customer ID',
  ctype: 'Tier',
  cstatus: 'Status',
  userName: 'User name',
  accountName: 'Account name',
  role: 'Role',
  companySize: 'Company size',
  companyBranch: 'Branch',
  socialId: 'Social ID',
  imei: 'IMEI',
  loginStatus: 'Login status',
};

const PERSONAL_LABELS: Record<string, string> = {
  gender: 'Gender',
  company: 'Company',
  language: 'Language',
};

/**
 * The verified customer panel: who the customer is, as the server verified and masked it for
 * this agent's role. It decides nothing: masked and hidden values are shown as they came.
 */
export function CustomerPanel(props: CustomerPanelProps) {
  const { profile } = props;
  const state =
    props.authState ?? (profile ? (profile.authenticated ? 'authenticated' : 'anonymous') : undefined);
  return (
    <aside className="panel" aria-label="Customer">
      <AuthBadge state={state} profile={profile} />
      {state === 'anonymous' && props.canAskToSignIn ? (
        <div className="ask">
          <p>This customer is not signed in: nothing here is verified.</p>
          <button
            type="button"
            className="primary"
            onClick={props.onAskToSignIn}
            disabled={props.authRequested}
          >
            {props.authRequested ? 'Sign-in requested…' : 'Ask to sign in'}
          </button>
        </div>
      ) : null}
      {profile ? (
        <VerifiedCards profile={profile} />
      ) : (
        <p className="muted">Accept the conversation to see the customer.</p>
      )}
      {profile ? <Unverified data={profile.unverified} /> : null}
      {props.onShowHistory ? (
        <button type="button" className="link" onClick={props.onShowHistory}>
          Earlier conversations
        </button>
      ) : null}
    </aside>
  );
}

function AuthBadge({
  state,
  profile,
}: {
  state: ConsumerAuthState | undefined;
  profile?: ConsumerProfile | undefined;
}) {
  if (state === 'authenticated') {
    const via = profile?.connector?.displayName;
    return (
      <div className="badge verified" data-state="authenticated" role="status">
        <strong>✓ Verified</strong>
        {via ? <span>via {via}</span> : null}
        {profile?.authenticatedAt ? (
          <span className="muted">
            signed in <time dateTime={profile.authenticatedAt}>{formatTime(profile.authenticatedAt)}</time>
          </span>
        ) : null}
      </div>
    );
  }
  const labels: Record<string, [string, string]> = {
    anonymous: ['Anonymous', 'not signed in'],
    expired: ['Session expired', 'identity was verified earlier; the session has ended'],
    logged_out: ['Logged out', 'the customer signed out'],
  };
  const [title, detail] = labels[state ?? ''] ?? ['Unknown', 'waiting for the customer'];
  return (
    <div className={`badge ${state ?? 'unknown'}`} data-state={state ?? 'unknown'} role="status">
      <strong>{title}</strong>
      <span className="muted">{detail}</span>
    </div>
  );
}

function VerifiedCards({ profile }: { profile: ConsumerProfile }) {
  const { standard, customerInfo, personalInfo, custom } = profile.verified;
  const standardRows = STANDARD_LABELS.filter(([key]) => standard[key] !== undefined).map(([key, label]) => ({
    label,
    value: formatValue(standard[key]),
    extra: key === 'email' && standard.email_verified === true ? 'email verified' : undefined,
  }));
  return (
    <>
      {custom.length > 0 ? <CustomClaims claims={custom} /> : null}
      <Card title="Identity" rows={standardRows} testId="card-identity" />
      <Card title="Customer info" rows={customerRows(customerInfo)} testId="card-customer-info" />
      <Card title="Personal info" rows={personalRows(personalInfo)} testId="card-personal-info" />
    </>
  );
}

interface Row {
  label: string;
  value: string;
  extra?: string | undefined;
}

function customerRows(info: Record<string, unknown>): Row[] {
  const rows: Row[] = [];
  for (const [key, label] of Object.entries(CUSTOMER_LABELS)) {
    if (info[key] !== undefined) rows.push({ label, value: formatValue(info[key]) });
  }
  if (info.balance !== undefined)
    rows.push({ label: 'Balance', value: formatMoney(info.balance, info.currency) });
  if (info.lastPaymentDate !== undefined)
    rows.push({ label: 'Last payment', value: formatSdesDate(info.lastPaymentDate) });
  if (info.registrationDate !== undefined)
    rows.push({ label: 'Customer since', value: formatSdesDate(info.registrationDate) });
  return rows;
}

function personalRows(info: Record<string, unknown>): Row[] {
  const rows: Row[] = [];
  const name = [info.firstname, info.lastname].filter((v) => typeof v === 'string').join(' ');
  if (name) rows.push({ label: 'Name', value: name });
  if (info.age !== undefined) rows.push({ label: 'Age', value: formatAge(info.age) });
  for (const [key, label] of Object.entries(PERSONAL_LABELS)) {
    if (info[key] !== undefined) rows.push({ label, value: formatValue(info[key]) });
  }
  const contacts = Array.isArray(info.contacts) ? (info.contacts as Record<string, unknown>[]) : [];
  contacts.forEach((contact, i) => {
    const label = contacts.length > 1 ? `Contact ${i + 1}` : 'Contact';
    const phone = contact.phone
      ? `${formatValue(contact.phone)}${contact.phoneType ? ` (${formatValue(contact.phoneType)})` : ''}`
      : '';
    const parts = [contact.email, phone, contact.address].filter((v) => v !== undefined && v !== '');
    rows.push({ label, value: parts.map(formatValue).join(' · ') });
  });
  return rows;
}

function formatAge(age: unknown): string {
  if (typeof age !== 'object' || age === null) return formatValue(age);
  const { age: years } = age as { age?: unknown };
  const born = formatSdesDate(age);
  return typeof years === 'number' ? `${years} (born ${born})` : born;
}

/** A card of claims from the verified login token: its title is marked "verified". */
function VerifiedCard({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="card" data-testid={testId} aria-label={title}>
      <h3>
        {title}{' '}
        <span className="verified-mark" title="From the verified login token">
          verified
        </span>
      </h3>
      <dl>{children}</dl>
    </section>
  );
}

function Card({ title, rows, testId }: { title: string; rows: Row[]; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <VerifiedCard title={title} testId={testId}>
      {rows.map((row) => (
        <div key={`${row.label}`} className="row">
          <dt>{row.label}</dt>
          <dd>
            {row.value}
            {row.extra ? <span className="tag ok">{row.extra}</span> : null}
          </dd>
        </div>
      ))}
    </VerifiedCard>
  );
}

function CustomClaims({ claims }: { claims: CustomClaimView[] }) {
  return (
    <VerifiedCard title="Account details" testId="card-custom">
      {claims.map((c) => (
        <div key={c.claim} className="row" data-claim={c.claim}>
          <dt>{c.label}</dt>
          <dd>
            {c.hidden ? (
              <span className="tag muted">hidden for your role</span>
            ) : (
              <>
                <span className={c.masked ? 'masked' : undefined}>{formatValue(c.value)}</span>
                {c.masked ? <span className="tag">masked</span> : null}
              </>
            )}
          </dd>
        </div>
      ))}
    </VerifiedCard>
  );
}

function Unverified({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  if (entries.length === 0) return null;
  return (
    <section className="card unverified" data-testid="card-unverified" aria-label="Unverified">
      <h3>
        Unverified <span className="tag warn">from the page, not from a login</span>
      </h3>
      <dl>
        {entries.map(([key, value]) => (
          <div key={key} className="row">
            <dt>{key}</dt>
            <dd>{formatValue(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
