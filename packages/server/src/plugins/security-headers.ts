import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * Browser security headers on every response, from `@fastify/helmet`, tuned for what Parley
 * serves:
 * - CSP `default-src 'none'` plus no framing: JSON needs nothing. Pages that run a script set
 *   their own CSP with a per-response nonce (the popup callback page, callback-page.ts), which
 *   replaces this one.
 * - No `Cross-Origin-Opener-Policy`: `same-origin` would cut the popup's `window.opener`, and
 *   the callback page must post its result to the brand page that opened it.
 * - `Cross-Origin-Resource-Policy: cross-origin`: brand pages load Parley resources (JWKS, the
 *   widget) from another origin; CORS still decides who may read API answers.
 * - HSTS only when `publicUrl` is https (a plain-http development server must stay reachable).
 */
export const securityHeadersPlugin = fp<{ https: boolean }>(
  async (app, { https }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    });
  },
  { name: 'parley-security-headers' },
);
