// The LivePerson-style page method the widget tag names in data-auth-method: it answers
// callback(idToken), or callback(null, error) when the visitor is not signed in to Demo Bank.
window.lpGetAuthenticationToken = function (callback) {
  window.DemoBank.idToken({}).then(
    (token) => callback(token),
    (err) => callback(null, err.message),
  );
};
