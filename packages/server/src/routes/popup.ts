import { loginIdpTimeoutMs, withIdpDeadline } from '../idp/idp-deadline.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyCookie from '@fastify/cookie';
import {
  ParleyError,
  finishPopupLogin,
  startPopup,
  takePopupState,
  type PopupStateRecord,
} from '@parley/core';
import { AccountParamsSchema, type AuthenticatedSessionResponse } from '@parley/protocol';
import { sendCallbackPage } from '../code-flow/callback-page.ts';
import { bindingFor, popupCookie, presentedBinding, setBinding } from '../code-flow/popup-cookie.ts';
import { anonymousRefRoutes } from './anonymous-ref.ts';
import { sendProblem, toProblem } from '../plugins/problem-json.ts';
import { problemResponses } from './schemas.ts';
import { failureCode, recordLogin, recordLoginFailure } from '../audit/record-login.ts';

const authorizeQuerySchema = {
  type: 'object',
  properties: {
    connector: { type: 'string', minLength: 1, maxLength: 64 },
    origin: { type: 'string', minLength: 1, maxLength: 2048 },
    anonymousRef: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{43}$',
      description: 'Step-up: the one-time reference from POST /authorize/anonymous-ref',
    },
    // listed only to answer it with a clear REQUEST_INVALID (see refuseTokenInUrl)
    anonymousSessionToken: {
      type: 'string',
      maxLength: 8192,
      description: 'Refused (400 REQUEST_INVALID): a session token must not be in a URL; use anonymousRef',
    },
  },
  required: ['origin'],
  additionalProperties: false,
} as const;

const shortString = { type: 'string', maxLength: 8192 } as const;
const callbackQuerySchema = {
  type: 'object',
  properties: {
    state: shortString,
    code: shortString,
    error: { type: 'string', maxLength: 256 },
    error_description: shortString,
    error_uri: shortString,
    iss: { type: 'string', maxLength: 2048 },
  },
  // IdPs add parameters (session_state, scope, ...): they are ignored
  additionalProperties: true,
} as const;

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').toLowerCase().includes('text/html');
}

/**
 * Popup window routes (docs/protocol.md):
 * - `GET /v1/accounts/:account/authorize?connector=&origin=&anonymousRef=` → 302 to the
 *   brand authorization endpoint (code + PKCE S256 + state + nonce; `redirect_uri` = Parley's
 *   `/callback`) with the popup cookie (code-flow/popup-cookie.ts) whose hash the state keeps.
 *   An origin outside `allowedOrigins` → 400 `REQUEST_INVALID`, no redirect. The optional
 *   `anonymousRef` (step-up, from `POST /authorize/anonymous-ref`) is taken here: unknown,
 *   used or expired → 401 `SESSION_INVALID`, no redirect. An `anonymousSessionToken` in the
 *   URL → 400 `REQUEST_INVALID`. (Request logs never contain the query string.)
 * - `GET /v1/accounts/:account/callback` → state checked (single use, bound to the origin and
 *   to the popup cookie of the browser that started it), RFC 9207 `iss` checked, code
 *   exchanged, nonce checked; 200 HTML page posting `{ type: "parley:auth", ...session }` to
 *   the opener at the allowed origin. Errors: problem+json, or with `Accept: text/html` an
 *   HTML page of the same status posting `{ type: "parley:auth-error", code }` (only when the
 *   state named the origin).
 */
export const popupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // scoped to these routes: no other route reads or sets cookies
  await app.register(fastifyCookie);
  await app.register(anonymousRefRoutes);

  app.get(
    '/v1/accounts/:account/authorize',
    {
      config: {
        rateLimited: true,
        openapi: { summary: 'Popup window: redirect to the brand authorization endpoint', tags: ['popup'] },
      },
      schema: {
        params: AccountParamsSchema,
        querystring: authorizeQuerySchema,
        response: problemResponses(400, 401, 403, 404, 429, 502),
      },
    },
    async (request, reply) => {
      const runtime = app.accounts.get(request.params.account);
      const { connector, origin, anonymousRef, anonymousSessionToken } = request.query;
      if (anonymousSessionToken !== undefined) refuseTokenInUrl();
      const redirectUri = app.codeFlow.callbackUrl(runtime.account.id);
      const cookie = popupCookie(redirectUri, runtime.account.id);
      const browserBinding = bindingFor(request, cookie);
      const { url } = await startPopup(app.codeFlow.deps(runtime), {
        origin,
        redirectUri,
        browserBinding,
        ...(connector === undefined ? {} : { connectorId: connector }),
        ...(anonymousRef === undefined ? {} : { anonymousRef }),
      });
      return setBinding(reply, cookie, browserBinding)
        .header('referrer-policy', 'no-referrer')
        .redirect(url, 302);
    },
  );

  app.get(
    '/v1/accounts/:account/callback',
    {
      config: {
        rateLimited: true,
        openapi: {
          summary: 'Popup window: brand authorization response; posts the session to the opener',
          tags: ['popup'],
        },
      },
      schema: { params: AccountParamsSchema, querystring: callbackQuerySchema },
      // schema failures must also honour Accept: text/html
      attachValidation: true,
    },
    async (request, reply) => {
      let state: PopupStateRecord | null = null;
      try {
        if (request.validationError)
          throw new ParleyError('REQUEST_INVALID', 'callback parameters are invalid');
        const runtime = app.accounts.get(request.params.account);
        const deps = app.codeFlow.deps(runtime);
        const cookie = popupCookie(app.codeFlow.callbackUrl(runtime.account.id), runtime.account.id);
        state = await takePopupState(deps, request.query.state, presentedBinding(request, cookie));
        const taken = state;
        const result = await withIdpDeadline(loginIdpTimeoutMs(runtime.account), () =>
          finishPopupLogin(deps, taken, request.query),
        );
        app.metrics.logins.inc({ flow: 'popup', outcome: 'success' });
        await recordLogin(app.audit, runtime.account.id, 'popup', result);
        request.log.info(
          { consumerId: result.consumerId, connectorId: result.session.connectorId },
          'consumer authenticated (popup)',
        );
        const session: AuthenticatedSessionResponse = {
          consumerId: result.consumerId,
          sessionToken: result.sessionToken,
          expiresAt: result.expiresAt,
          authenticated: true,
          consumer: { displayName: result.displayName },
        };
        return sendCallbackPage(reply, 200, {
          origin: state.origin,
          message: { type: 'parley:auth', ...session },
          title: 'Signed in',
        });
      } catch (err) {
        app.metrics.logins.inc({ flow: 'popup', outcome: failureCode(err) });
        // like /authenticate: a malformed request is not a sign-in attempt, and needs an account
        const account = request.validationError ? undefined : app.accounts.find(request.params.account);
        if (account)
          await recordLoginFailure(app.audit, account, {
            flow: 'popup',
            err,
            connectorId: state?.connectorId,
          });
        return sendCallbackError(request, reply, err, state);
      }
    },
  );
};

/** The session token is the credential being stepped up: it must not sit in history or logs. */
function refuseTokenInUrl(): never {
  throw new ParleyError(
    'REQUEST_INVALID',
    '"anonymousSessionToken" is not accepted in a URL: exchange it at POST /v1/accounts/{account}/authorize/anonymous-ref and pass the returned "anonymousRef"',
  );
}

function sendCallbackError(
  request: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
  state: PopupStateRecord | null,
): FastifyReply {
  const problem = toProblem(err, request);
  if (!wantsHtml(request)) return sendProblem(reply, problem);
  return sendCallbackPage(reply, problem.status, {
    origin: state?.origin ?? null,
    message: { type: 'parley:auth-error', code: problem.code },
    title: 'Sign-in failed',
  });
}
