import { useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { Api, signInError } from '../lib/api.ts';
import type { StoredSession } from '../lib/session.ts';

/** Email + password sign-in for one account (from `?account=`, or typed). */
export function SignIn({
  defaultAccount,
  onSignedIn,
}: {
  defaultAccount: string;
  onSignedIn: (s: StoredSession) => void;
}) {
  const [account, setAccount] = useState(defaultAccount);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const login = await new Api(account.trim()).login(email.trim(), password);
      onSignedIn({
        account: account.trim(),
        email: email.trim(),
        agentId: login.agentId,
        name: login.name,
        role: login.role,
        token: login.sessionToken,
        expiresAt: login.expiresAt,
      });
    } catch (err) {
      setError(signInError(err));
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Parley Agent Workspace</h1>
        <p className="muted">Sign in with the email and password your administrator gave you.</p>
        <Field
          label="Account"
          name="account"
          value={account}
          onChange={setAccount}
          autoComplete="organization"
        />
        <Field
          label="Email"
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="username"
          autoFocus
        />
        <Field
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        />
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

/** One labelled, required input of the sign-in form. */
function Field({
  label,
  onChange,
  ...input
}: { label: string; value: string; onChange: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
>) {
  return (
    <label>
      {label}
      <input {...input} onChange={(e) => onChange(e.target.value)} required />
    </label>
  );
}
