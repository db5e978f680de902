import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ParleyError, authenticateWithCode, authenticateWithIdToken, type LoginResult } from '@parley/core';
import {
  AccountParamsSchema,
  type AuthenticatedSessionResponse,
  AuthenticatedSessionResponseSchema,
  type AuthenticateRequest,
  AuthenticateRequestSchema,
} from '@parley/protocol';
import type { AccountRuntime } from '../plugins/accounts.ts';
import { problemResponses } from './schemas.ts';
import { failureCode, recordLogin, recordLoginFailure } from '../audit/record-login.ts';
import { loginIdpTimeoutMs, withIdpDeadline } from '../idp/idp-deadline.ts';

/** A credential of an `/authenticate` body, after the body rules of docs/protocol.md. */
export type Credential =
  | { flow: 'implicit'; idToken: string }
  | {
      flow: 'code' | 'pkce';
      code: string;
      redirectUri?: string;
      pkceTransaction?: string;
      codeVerifier?: string;
    };

/**
 * Applies the credential rules: exactly one of `idToken` / `code`; with `code`, at most one of
 * `pkceTransaction` / `codeVerifier`; `idToken` takes none of the code fields.
 *
 * @example
 * ```ts
 * parseCredential({ idToken: 'eyJ...' }); // { flow: 'implicit', idToken: 'eyJ...' }
 * ```
 */
export function parseCredential(body: AuthenticateRequest): Credential {
  const { idToken, code, redirectUri, pkceTransaction, codeVerifier } = body;
  if ((idToken === undefined) === (code === undefined)) {
    throw new ParleyError('REQUEST_INVALID', 'body must contain exactly one of "idToken" or "code"');
  }
  if (idToken !== undefined) {
    if (redirectUri !== undefined || pkceTransaction !== undefined || codeVerifier !== undefined) {
      throw new ParleyError(
        'REQUEST_INVALID',
        '"redirectUri", "pkceTransaction" and "codeVerifier" go with "code" only',
      );
    }
    return { flow: 'implicit', idToken };
  }
  if (pkceTransaction !== undefined && codeVerifier !== undefined) {
    throw new ParleyError(
      'REQUEST_INVALID',
      'body may contain at most one of "pkceTransaction" or "codeVerifier"',
    );
  }
  const flow = pkceTransaction !== undefined || codeVerifier !== undefined ? 'pkce' : 'code';
  return { flow, code: code as string, redirectUri, pkceTransaction, codeVerifier };
}

/**
 * Code and PKCE flows: core's `authenticateWithCode` checks the registered `redirectUri` before
 * any IdP call, takes the PKCE transaction or checks the app's verifier, redeems the code once
 * at the brand token endpoint and verifies the returned id_token (see `app.codeFlow`).
 */
async function authenticateWithCodeCredential(
  app: FastifyInstance,
  runtime: AccountRuntime,
  credential: Extract<Credential, { flow: 'code' | 'pkce' }>,
  input: { connectorId?: string; anonymousSessionToken?: string },
): Promise<LoginResult> {
  return authenticateWithCode(app.codeFlow.deps(runtime), {
    code: credential.code,
    ...(credential.redirectUri === undefined ? {} : { redirectUri: credential.redirectUri }),
    ...(credential.pkceTransaction === undefined ? {} : { pkceTransaction: credential.pkceTransaction }),
    ...(credential.codeVerifier === undefined ? {} : { codeVerifier: credential.codeVerifier }),
    ...(input.connectorId === undefined ? {} : { connectorId: input.connectorId }),
    ...(input.anonymousSessionToken === undefined
      ? {}
      : { anonymousSessionToken: input.anonymousSessionToken }),
  });
}

/**
 * `POST /v1/accounts/:account/authenticate`: a brand credential becomes a Parley session
 * (docs/protocol.md). 200 → `{ consumerId, sessionToken, expiresAt, authenticated: true,
 * consumer: { displayName } }`. With `anonymousSessionToken`, the anonymous consumer is stepped
 * up into the authenticated one and its session revoked; an invalid one refuses the login
 * before the credential is spent.
 */
export const authenticateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/accounts/:account/authenticate',
    {
      config: {
        rateLimited: true,
        openapi: { summary: 'Exchange a brand credential for a Parley session', tags: ['consumer sessions'] },
      },
      schema: {
        params: AccountParamsSchema,
        body: AuthenticateRequestSchema,
        response: {
          200: AuthenticatedSessionResponseSchema,
          ...problemResponses(400, 401, 403, 404, 413, 429, 502),
        },
      },
    },
    async (request, reply) => {
      const runtime = app.accounts.get(request.params.account);
      const credential = parseCredential(request.body);
      const input = {
        connectorId: request.body.connector,
        anonymousSessionToken: request.body.anonymousSessionToken,
      };
      let result: LoginResult;
      try {
        // discovery, token endpoint and JWKS share one idpTimeoutMs deadline
        result = await withIdpDeadline(loginIdpTimeoutMs(runtime.account), () =>
          credential.flow === 'implicit'
            ? authenticateWithIdToken(
                { ...runtime.login, verifier: runtime.verifier },
                { ...input, idToken: credential.idToken },
              )
            : authenticateWithCodeCredential(app, runtime, credential, input),
        );
      } catch (err) {
        app.metrics.logins.inc({ flow: credential.flow, outcome: failureCode(err) });
        await recordLoginFailure(app.audit, runtime.account, {
          flow: credential.flow,
          err,
          connectorId: input.connectorId,
        });
        throw err;
      }
      app.metrics.logins.inc({ flow: credential.flow, outcome: 'success' });
      await recordLogin(app.audit, runtime.account.id, credential.flow, result);
      request.log.info(
        {
          consumerId: result.consumerId,
          connectorId: result.session.connectorId,
          steppedUp: result.steppedUpFrom !== null,
        },
        'consumer authenticated',
      );
      const body: AuthenticatedSessionResponse = {
        consumerId: result.consumerId,
        sessionToken: result.sessionToken,
        expiresAt: result.expiresAt,
        authenticated: true,
        consumer: { displayName: result.displayName },
      };
      return reply.code(200).send(body);
    },
  );
};
