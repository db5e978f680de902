// The widget pages of Demo Bank: one `Parley.init` per integration style (data-integration on
// <body>). Loaded after /widget.js (both `defer`), so window.Parley exists.
(function () {
  const params = new window.URLSearchParams(window.location.search);
  const bank = window.DemoBank;
  const idToken = async () => ({
    idToken: await bank.idToken({ ttl: params.get('ttl'), encrypt: params.get('encrypt') }),
  });
  const styles = {
    implicit: { mode: 'embedded', getToken: idToken },
    code: { mode: 'embedded', getToken: () => bank.code({}) },
    pkce: {
      mode: 'embedded',
      pkce: true,
      getToken: (ctx) => bank.code({ codeChallenge: ctx.codeChallenge }),
    },
    popup: { mode: 'popup' },
    'step-up': { mode: 'embedded', startWith: 'anonymous', getToken: idToken },
  };
  window.Parley.init({
    account: bank.account,
    title: 'Demo Bank chat',
    auth: styles[document.body.dataset.integration],
  });
  // the identity hint: the widget may show this customer's open conversation (it signs in nobody)
  bank.me().then(({ user, sub }) => {
    if (user) window.Parley.identify({ iss: window.location.origin, sub });
  });
})();
