import { expect } from 'vitest';
import {
  BRAND_ORIGIN,
  CALLBACK_URL,
  type CodeFlowApp,
  type CodeFlowWorld,
} from '../../src/testing/code-flow-fixture.ts';

/** One browser's cookie for Parley: what /authorize set, sent back on later requests. */
export interface Browser {
  cookie: string;
}

export const newBrowser = (): Browser => ({ cookie: '' });

/** `name=value` of the popup cookie an answer sets ('' when none). */
export const cookieSetBy = (res: { headers: Record<string, unknown> }): string =>
  String(res.headers['set-cookie'] ?? '').split(';')[0] ?? '';

/** GET /authorize as `browser`: sends its cookie and keeps the popup cookie the answer sets. */
export async function authorize(t: CodeFlowApp, query: Record<string, string>, browser: Browser) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/accounts/acme/authorize?${new URLSearchParams(query)}`,
    headers: browser.cookie ? { cookie: browser.cookie } : {},
  });
  if (cookieSetBy(res)) browser.cookie = cookieSetBy(res);
  return res;
}

/** /authorize → the IdP (login + consent) → the callback URL the IdP redirects the popup to. */
export async function popupToCallback(
  world: CodeFlowWorld,
  t: CodeFlowApp,
  browser: Browser,
  login = 'popper',
  connector = 'basic',
): Promise<URL> {
  const res = await authorize(t, { connector, origin: BRAND_ORIGIN }, browser);
  expect(res.statusCode, res.body).toBe(302);
  return world.idp.follow(String(res.headers.location), CALLBACK_URL, login);
}

/** GET /callback as `browser` (an HTML popup by default). */
export const callback = (t: CodeFlowApp, search: string, html: boolean, browser: Browser) =>
  t.app.inject({
    method: 'GET',
    url: `/v1/accounts/acme/callback${search}`,
    headers: {
      accept: html ? 'text/html,*/*' : 'application/json',
      ...(browser.cookie ? { cookie: browser.cookie } : {}),
    },
  });

/** The message the callback page posts and its target origin. */
export function postedMessage(html: string): { message: Record<string, unknown>; origin: string } | null {
  const match = /postMessage\(m,("[^"]*")\)/.exec(html);
  const data = /var m=(\{.*?\});try/.exec(html);
  if (!match || !data) return null;
  return {
    message: JSON.parse(data[1]!) as Record<string, unknown>,
    origin: JSON.parse(match[1]!) as string,
  };
}

/** A new anonymous session (POST /anonymous). */
export async function anonymousSession(
  t: CodeFlowApp,
): Promise<{ consumerId: string; sessionToken: string }> {
  const res = await t.post('anonymous', {});
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { consumerId: string; sessionToken: string };
}

/** POST /authorize/anonymous-ref with the session token as Bearer. */
export const requestAnonymousRef = (t: CodeFlowApp, sessionToken: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/accounts/acme/authorize/anonymous-ref',
    headers: { authorization: `Bearer ${sessionToken}` },
  });

/** A one-time reference for `sessionToken`, asserting the 201. */
export async function anonymousRefFor(t: CodeFlowApp, sessionToken: string): Promise<string> {
  const res = await requestAnonymousRef(t, sessionToken);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { anonymousRef: string }).anonymousRef;
}
