import { useEffect, useState } from 'react';
import { accountFromUrl, clearSession, loadSession, saveSession, type StoredSession } from './lib/session.ts';
import { SignIn } from './components/SignIn.tsx';
import { Workspace } from './Workspace.tsx';

/** Sign-in, then the workspace; signing out (or a session that ends) returns to sign-in. */
export function App() {
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());
  const [defaultAccount, setDefaultAccount] = useState(accountFromUrl() ?? '');
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (defaultAccount) return;
    // the server names its account when it has exactly one (an empty field otherwise)
    fetch('/workspace/defaults.json')
      .then((res) => (res.ok ? (res.json() as Promise<{ account: string | null }>) : { account: null }))
      .then((body) => body.account && setDefaultAccount(body.account))
      .catch(() => undefined);
  }, [defaultAccount]);

  if (!session) {
    return (
      <>
        {notice ? (
          <p className="banner" role="status">
            {notice}
          </p>
        ) : null}
        <SignIn
          key={defaultAccount}
          defaultAccount={defaultAccount}
          onSignedIn={(s) => {
            saveSession(s);
            setNotice(null);
            setSession(s);
          }}
        />
      </>
    );
  }
  const end = (message: string | null) => {
    clearSession();
    setNotice(message);
    setSession(null);
  };
  return (
    <Workspace
      session={session}
      onSignOut={() => end(null)}
      onSessionEnded={() => end('Your session ended. Sign in again to continue.')}
    />
  );
}
