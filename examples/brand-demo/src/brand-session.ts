/**
 * The demo brand website's own login: a name in an HMAC-signed, HttpOnly cookie (the brand's
 * session, unrelated to Parley's). Any name works; `alice` and `bob` have rich demo data.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const COOKIE = 'demo_bank_user';
const NAME = /^[a-z0-9._-]{1,40}$/i;

/** Reads and writes the site's login cookie; the signing key is new at every start. */
export interface BrandSession {
  user(req: IncomingMessage): string | null;
  /** `Set-Cookie` value logging `user` in (or null for an unusable name). */
  login(user: string): string | null;
  logout(): string;
}

export function createBrandSession(): BrandSession {
  const key = randomBytes(32);
  const sign = (value: string) => createHmac('sha256', key).update(value).digest('base64url');
  return {
    user(req) {
      const cookie = (req.headers.cookie ?? '')
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${COOKIE}=`));
      const [name, mac] = (cookie?.slice(COOKIE.length + 1) ?? '').split('.');
      if (!name || !mac || !NAME.test(name)) return null;
      const expected = Buffer.from(sign(name));
      const given = Buffer.from(mac);
      return expected.length === given.length && timingSafeEqual(expected, given) ? name : null;
    },
    login(user) {
      if (!NAME.test(user)) return null;
      return `${COOKIE}=${user}.${sign(user)}; Path=/; HttpOnly; SameSite=Lax`;
    },
    logout: () => `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  };
}
