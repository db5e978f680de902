import type { Credential, TokenContext } from '@parley/sdk';

/** What a brand page method may pass to the widget's callback (DESIGN §2, LivePerson-compatible). */
type BrandResult = string | { ssoKey?: unknown; redirect_uri?: unknown } | null | undefined;

/** The brand method failed or answered something unusable: the widget shows "could not sign you in". */
export class BrandMethodError extends Error {
  override name = 'BrandMethodError';
}

/**
 * A compact JWS (3 segments) or JWE (5 segments) whose header is base64url JSON (`eyJ` = `{"`):
 * an id_token; anything else is an authorization code (codes are opaque strings).
 */
const COMPACT_JWT = /^eyJ[\w-]*(\.[\w-]*){2}$|^eyJ[\w-]*(\.[\w-]*){4}$/;

/**
 * Turns the page's callback answer into a credential: `callback(jwt)` → `{ idToken }`,
 * `callback(code)` → `{ code }`, `callback({ ssoKey, redirect_uri })` → `{ code, redirectUri }`.
 * Throws {@link BrandMethodError} for anything else (the value itself is never put in the error).
 */
export function toCredential(result: BrandResult): Credential {
  if (typeof result === 'string' && result.length > 0)
    return COMPACT_JWT.test(result) ? { idToken: result } : { code: result };
  if (typeof result === 'object' && result !== null && typeof result.ssoKey === 'string' && result.ssoKey) {
    return typeof result.redirect_uri === 'string'
      ? { code: result.ssoKey, redirectUri: result.redirect_uri }
      : { code: result.ssoKey };
  }
  throw new BrandMethodError('the brand method returned no usable credential');
}

/**
 * The LivePerson-style page method as a token provider: calls `context[method](callback, arg)`
 * where `arg` is the PKCE `code_challenge` string (LivePerson-compatible) or, for widgets made
 * with `Parley.init`, nothing (they pass their own `getToken`). `callback(x, error)` with a
 * non-null error rejects.
 */
export function pageMethodProvider(
  context: Record<string, unknown>,
  method: string,
): (ctx: TokenContext) => Promise<Credential> {
  return (ctx) =>
    new Promise<Credential>((resolve, reject) => {
      const fn = context[method];
      if (typeof fn !== 'function') {
        reject(new BrandMethodError(`the page has no function ${method}`));
        return;
      }
      const callback = (result: BrandResult, error?: unknown) => {
        if (error !== undefined && error !== null)
          reject(new BrandMethodError('the brand method reported an error'));
        else {
          try {
            resolve(toCredential(result));
          } catch (err) {
            reject(err);
          }
        }
      };
      try {
        if (ctx.codeChallenge === undefined) fn.call(context, callback);
        else fn.call(context, callback, ctx.codeChallenge);
      } catch {
        reject(new BrandMethodError('the brand method threw'));
      }
    });
}

/** A `Parley.init` `getToken` (`{ idToken } | { code, redirectUri }`) checked the same way. */
export function initProvider(
  getToken: (ctx: TokenContext) => Promise<unknown>,
): (ctx: TokenContext) => Promise<Credential> {
  return async (ctx) => {
    const result = (await getToken(ctx)) as {
      idToken?: unknown;
      code?: unknown;
      redirectUri?: unknown;
    } | null;
    if (result && typeof result.idToken === 'string' && result.idToken) return { idToken: result.idToken };
    if (result && typeof result.code === 'string' && result.code)
      return typeof result.redirectUri === 'string'
        ? { code: result.code, redirectUri: result.redirectUri }
        : { code: result.code };
    throw new BrandMethodError('getToken returned no idToken or code');
  };
}
