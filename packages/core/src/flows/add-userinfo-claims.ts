import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import { parseStrictJsonObject } from '../token/parse-strict-json.ts';
import type { VerifiedIdToken } from '../token/verified-token.ts';
import type { CodeFlowDeps } from './code-flow-deps.ts';

/**
 * Claims a UserInfo response may not contribute: they describe a token or the authentication
 * event (the id_token's say so), or bind a session (`sid`, for back-channel logout).
 */
const TOKEN_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'azp',
  'at_hash',
  'c_hash',
  'auth_time',
  'acr',
  'amr',
  'sid',
]);

/**
 * With the connector's `userinfo: true`, after the id_token of a code exchange verified: reads
 * the UserInfo endpoint (config `userinfoEndpoint`, else discovery) with the exchange's access
 * token and returns the verified token with the UserInfo claims added — the id_token's win on
 * conflict, and token/session claims (`iss`, `exp`, `sid`, ...) come only from the id_token.
 * Many IdPs release `profile`/`email` claims only there when an access token is issued
 * (OpenID Connect Core §5.4). A JSON answer is parsed strictly (`TOKEN_MALFORMED`); a JWT
 * answer is verified by the id_token verifier as `userinfo` (signature, `iss`, `aud`). Its
 * `sub` must equal the id_token's (`TOKEN_SUBJECT_MISMATCH`, §5.3.4: else the claims may be
 * another person's). Without `userinfo`, or when the IdP issued no access token, the
 * id_token's claims stand alone.
 *
 * @throws ParleyError `TOKEN_SUBJECT_MISMATCH`, `TOKEN_MALFORMED`, a verifier `TOKEN_*` code, `IDP_UNAVAILABLE`.
 */
export async function addUserInfoClaims(
  deps: Pick<CodeFlowDeps, 'account' | 'endpoints' | 'exchanger' | 'verifier'>,
  connector: ConnectorConfig,
  verified: VerifiedIdToken,
  accessToken: string | undefined,
): Promise<VerifiedIdToken> {
  if (!connector.userinfo || accessToken === undefined || accessToken === '') return verified;
  const { userinfoEndpoint } = await deps.endpoints.resolve(connector);
  if (userinfoEndpoint === undefined) {
    throw new ParleyError('IDP_UNAVAILABLE', `connector "${connector.id}" has no UserInfo endpoint`);
  }
  const answer = await deps.exchanger.fetchUserInfo({
    accountId: deps.account.id,
    connector,
    endpoint: userinfoEndpoint,
    accessToken,
  });
  const claims =
    answer.kind === 'json'
      ? parseStrictJsonObject(answer.body, 'UserInfo response')
      : (await deps.verifier.verify(answer.token, { connectorId: connector.id, expectedTyp: 'userinfo' }))
          .claims;
  if (typeof claims.sub !== 'string' || claims.sub !== verified.claims.sub) {
    throw new ParleyError('TOKEN_SUBJECT_MISMATCH', 'the UserInfo "sub" is not the id_token "sub"');
  }
  const added: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) if (!TOKEN_CLAIMS.has(name)) added[name] = value;
  return { ...verified, claims: { ...added, ...verified.claims } };
}
