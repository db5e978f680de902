import { createHash } from 'node:crypto';
import type { JWTHeaderParameters } from 'jose';
import { createAccountConnectors, type AccountConnectors } from '../account/account-connectors.ts';
import { epochSeconds, type Clock } from '../clock.ts';
import type { AccountConfig, ConnectorConfig, Flow } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { assertConnectorFlow } from './assert-connector-flow.ts';
import { assertNotReplayed } from './assert-not-replayed.ts';
import { createAccountDecrypter } from './create-account-decrypter.ts';
import { createBrandKeySource, type BrandKeySource } from './create-brand-key-source.ts';
import type { IdpHttp } from './idp-http.ts';
import { parseCompact, type ExpectedTokenType, type ParsedJws } from './parse-compact.ts';
import type { ReplayCache } from './replay-cache.ts';
import { validateClaims } from './validate-claims.ts';
import { verifyJwsSignature } from './verify-jws-signature.ts';
import type { VerifiedIdToken } from './verified-token.ts';

/** Dependencies of {@link createIdTokenVerifier}. */
export interface IdTokenVerifierDeps {
  account: AccountConfig;
  /** The account's connector lookup; default: built from `account`. */
  connectors?: AccountConnectors;
  keyStore: KeyStore;
  replayCache: ReplayCache;
  idpHttp: IdpHttp;
  clock: Clock;
}

/** Per-call options of {@link IdTokenVerifier.verify}. */
export interface VerifyIdTokenOptions {
  /** Verify against this connector (unknown → `CONNECTOR_NOT_FOUND`); default: routed by `iss`. */
  connectorId?: string;
  /** Expected `nonce` (popup flow) → `TOKEN_NONCE_MISMATCH` when different. */
  nonce?: string;
  /**
   * `logout` for back-channel logout tokens (`typ` `logout+jwt` allowed); `userinfo` for a
   * signed/encrypted UserInfo response: same keys, algorithms, `iss` and `aud` rules, but `exp`
   * and `iat` are checked only when present, the subject is always `sub`, no nonce, no
   * replay record and no encryption policy (the IdP's client registration decides it). Default
   * `id_token`.
   */
  expectedTyp?: ExpectedTokenType;
  /**
   * The login flow presenting the token: the chosen connector must enable it, else
   * `FLOW_NOT_ENABLED`, decided as soon as the connector is known, so such a token is never
   * spent (its `jti` can still be presented where the flow is enabled).
   */
  flow?: Flow;
}

/** Verifies brand id_tokens (JWS, or JWS nested in a JWE) for one account. */
export interface IdTokenVerifier {
  verify(token: string, options?: VerifyIdTokenOptions): Promise<VerifiedIdToken>;
}

/**
 * Creates the id_token verifier of an account. Per call: strict parse → JWE decryption with
 * the account keys → connector routing → flow enabled → encryption policy → algorithm policy
 * and signature → claims → replay (last, so a forged or refused token cannot burn a `jti`). Key sources and decryption
 * keys are created once and reused across calls.
 *
 * @example
 * ```ts
 * const verifier = createIdTokenVerifier({ account, keyStore, replayCache, idpHttp, clock: systemClock });
 * const { subject, claims, expiresAt } = await verifier.verify(idToken);
 * ```
 */
export function createIdTokenVerifier(deps: IdTokenVerifierDeps): IdTokenVerifier {
  const { account, clock } = deps;
  const connectors = deps.connectors ?? createAccountConnectors(account);
  const decrypter = createAccountDecrypter({ keyStore: deps.keyStore, accountId: account.id, clock });
  const keySources = new Map<string, BrandKeySource>();
  const keySourceFor = (connector: ConnectorConfig): BrandKeySource => {
    let source = keySources.get(connector.id);
    if (source === undefined) {
      source = createBrandKeySource(connector, { idpHttp: deps.idpHttp, clock });
      keySources.set(connector.id, source);
    }
    return source;
  };

  return {
    async verify(token, options = {}) {
      if (typeof token !== 'string') throw new TypeError('verify: token must be a string');
      const expectedTyp = options.expectedTyp ?? 'id_token';
      const outer = parseCompact(token, { expectedTyp });
      const encrypted = outer.kind === 'jwe';
      const jws = outer.kind === 'jws' ? outer : parseNestedJws(await decrypter.decrypt(outer), expectedTyp);
      const connector = connectors.connectorForToken(jws.payload, options.connectorId);
      if (options.flow !== undefined) assertConnectorFlow(connector, options.flow);
      const userinfo = expectedTyp === 'userinfo';
      if (!userinfo) assertEncryptionPolicy(connector, encrypted);
      await verifyJwsSignature(jws, connector, keySourceFor(connector));
      const claims = validateClaims(jws.payload, connector, {
        now: epochSeconds(clock),
        nonce: userinfo ? undefined : options.nonce,
        subjectOptional: expectedTyp === 'logout',
        userinfo,
      });
      const signatureSha256 = createHash('sha256').update(jws.signature).digest('base64url');
      if (connector.replayProtection && !userinfo) {
        await assertNotReplayed(deps.replayCache, {
          accountId: account.id,
          connectorId: connector.id,
          jti: jws.payload.jti as string | undefined,
          signatureSha256,
          expiresAt: claims.expiresAt,
          toleranceSeconds: connector.clockToleranceSeconds,
        });
      }
      return {
        connectorId: connector.id,
        issuer: connector.issuer,
        subject: claims.subject,
        claims: jws.payload,
        header: jws.header as JWTHeaderParameters,
        expiresAt: claims.expiresAt,
        encrypted,
        signatureSha256,
      };
    },
  };
}

function parseNestedJws(plaintext: string, expectedTyp: ExpectedTokenType): ParsedJws {
  if (plaintext.trimStart().startsWith('{')) {
    throw new ParleyError(
      'TOKEN_MALFORMED',
      'the JWE payload is a raw claims set, not a signed JWT: the IdP must sign the id_token, then encrypt it (nested JWT, cty "JWT")',
    );
  }
  const inner = parseCompact(plaintext, { expectedTyp });
  if (inner.kind !== 'jws') throw new ParleyError('TOKEN_MALFORMED', 'the JWE plaintext is not a signed JWT');
  return inner;
}

function assertEncryptionPolicy(connector: ConnectorConfig, encrypted: boolean): void {
  if (!encrypted && connector.encryption === 'required') {
    throw new ParleyError('TOKEN_ENCRYPTION_REQUIRED', 'this connector accepts only encrypted (JWE) tokens');
  }
  if (encrypted && connector.encryption === 'disabled') {
    throw new ParleyError(
      'TOKEN_DECRYPTION_FAILED',
      'encrypted (JWE) tokens are disabled for this connector',
    );
  }
}
