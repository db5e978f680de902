import type { AuthenticateRequest, PkceResponse } from '@parley/protocol';
import { ParleyClientError } from './errors.ts';
import type { HttpApi } from './http.ts';
import { openPopupSignIn, type PopupOptions } from './popup.ts';
import type { Credential, ParleyClientOptions, SessionInfo, TokenContext, TokenReason } from './types.ts';

/**
 * Turns brand credentials into Parley sessions: `/pkce` transactions, `getToken`, the
 * `/authenticate` exchange (with the anonymous session for a step-up) and the popup.
 */
export class SignIn {
  /** The transaction of the last `/pkce`, bound to a code that comes without one. */
  private lastPkceTransaction: string | undefined;

  constructor(
    private readonly api: HttpApi,
    private readonly options: ParleyClientOptions,
  ) {}

  async pkce(): Promise<PkceResponse> {
    const transaction = await this.api.pkce(this.options.connector);
    this.lastPkceTransaction = transaction.transaction;
    return transaction;
  }

  /** `credential`, or one from `getToken` for `reason`, exchanged at `/authenticate`. */
  async exchange(
    credential: Credential | undefined,
    reason: TokenReason,
    anonymousSessionToken: string | undefined,
  ): Promise<SessionInfo> {
    const cred = credential
      ? withPkceTransaction(credential, this.lastPkceTransaction)
      : await obtainCredential(this.options, reason, () => this.pkce());
    const session = await this.api.authenticate(
      authenticateBody(cred, this.options.connector, anonymousSessionToken),
    );
    this.lastPkceTransaction = undefined;
    return session;
  }

  /** Opens the popup now (synchronously, for popup blockers) and resolves with its session. */
  popup(anonymousSessionToken: string | undefined, options: PopupOptions): Promise<SessionInfo> {
    const { platformUrl, account, connector } = this.options;
    return openPopupSignIn(
      {
        platformUrl,
        account,
        ...(connector === undefined ? {} : { connector }),
        ...(anonymousSessionToken === undefined
          ? {}
          : { anonymousRef: () => this.api.anonymousRef(anonymousSessionToken) }),
      },
      options,
    );
  }
}

/**
 * Asks the page's `getToken` for a credential. With `pkce`, a Parley PKCE transaction is created
 * first: its challenge goes to `getToken`, its transaction id back with the code (the verifier
 * never leaves Parley). The credential is returned for one `/authenticate` call and not kept.
 */
export async function obtainCredential(
  options: Pick<ParleyClientOptions, 'getToken' | 'pkce' | 'account' | 'connector'>,
  reason: TokenReason,
  createPkce: () => Promise<PkceResponse>,
): Promise<Credential> {
  const getToken = options.getToken;
  if (!getToken) throw new ParleyClientError('TOKEN_PROVIDER_FAILED', 'no getToken to ask for a credential');
  const transaction = options.pkce ? await createPkce() : null;
  const ctx: TokenContext = {
    reason,
    accountId: options.account,
    ...(options.connector === undefined ? {} : { connector: options.connector }),
    ...(transaction
      ? { codeChallenge: transaction.codeChallenge, codeChallengeMethod: 'S256' as const }
      : {}),
  };
  let credential: Credential | null | undefined;
  try {
    credential = await getToken(ctx);
  } catch {
    // the page's error may carry the brand's details: only its occurrence is reported
    throw new ParleyClientError('TOKEN_PROVIDER_FAILED', `getToken failed (${reason})`);
  }
  if (!credential || (!('idToken' in credential) && !('code' in credential)))
    throw new ParleyClientError('TOKEN_PROVIDER_FAILED', `getToken returned no credential (${reason})`);
  return transaction ? withPkceTransaction(credential, transaction.transaction) : credential;
}

/** A code without its own verifier or transaction is bound to `transaction`. */
export function withPkceTransaction(credential: Credential, transaction: string | undefined): Credential {
  if (transaction === undefined || !('code' in credential)) return credential;
  if (credential.codeVerifier !== undefined || credential.pkceTransaction !== undefined) return credential;
  return { ...credential, pkceTransaction: transaction };
}

/** The `/authenticate` body: exactly the credential's fields, the connector and the step-up token. */
export function authenticateBody(
  credential: Credential,
  connector: string | undefined,
  anonymousSessionToken: string | undefined,
): AuthenticateRequest {
  const body: AuthenticateRequest =
    'idToken' in credential
      ? { idToken: credential.idToken }
      : {
          code: credential.code,
          ...(credential.redirectUri === undefined ? {} : { redirectUri: credential.redirectUri }),
          ...(credential.pkceTransaction === undefined
            ? {}
            : { pkceTransaction: credential.pkceTransaction }),
          ...(credential.codeVerifier === undefined ? {} : { codeVerifier: credential.codeVerifier }),
        };
  if (connector !== undefined) body.connector = connector;
  if (anonymousSessionToken !== undefined) body.anonymousSessionToken = anonymousSessionToken;
  return body;
}
