import { useState, type FormEvent } from 'react';
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
        <label>
          Account
          <input
            name="account"
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            required
            autoComplete="organization"
          />
        </label>
        <label>
          Email
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="username"
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
          />
        </label>
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
