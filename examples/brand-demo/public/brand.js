// Demo Bank's own page code: its login bar, and the chat credentials its backend issues for the
// logged-in site user. Plain browser JavaScript: the brand knows nothing of Parley but its URL.
(function () {
  async function post(path, params) {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params ?? {}),
    });
    if (!res.ok) throw new Error(res.status === 401 ? 'not signed in to Demo Bank' : `HTTP ${res.status}`);
    return res.json();
  }

  const me = fetch('/api/me').then((res) => res.json());

  window.DemoBank = {
    account: document.documentElement.dataset.account,
    /** The logged-in site user ({ user, sub }), or { user: null }. */
    me: () => me,
    /** An id_token for the chat (implicit); `ttl` in seconds, `encrypt` '1' for a JWE. */
    idToken: async (options) => (await post('/api/chat-id-token', options)).idToken,
    /** An authorization code for the chat: `{ code, redirectUri }` (PKCE: pass `codeChallenge`). */
    code: (options) => post('/api/chat-code', options),
  };

  function showLogin({ user }) {
    const here = window.location.pathname + window.location.search;
    for (const input of document.querySelectorAll('input[name="return"]')) input.value = here;
    document.getElementById('login-form').hidden = user !== null;
    document.getElementById('logout-form').hidden = user === null;
    document.getElementById('brand-user-name').textContent = user ?? '';
  }
  me.then(showLogin, () => showLogin({ user: null }));
})();
