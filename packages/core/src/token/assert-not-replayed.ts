import { ParleyError } from '../errors.ts';
import type { ReplayCache } from './replay-cache.ts';

/** Input of {@link assertNotReplayed}. */
export interface ReplayCheckInput {
  accountId: string;
  connectorId: string;
  /** `jti` of the verified token, when it has one. */
  jti: string | undefined;
  /**
   * base64url SHA-256 of the decoded signature bytes ({@link VerifiedIdToken.signatureSha256}):
   * keys tokens without `jti`. The signature, not the token text, so re-spelling a segment or
   * re-wrapping the JWS in another JWE is still the same token.
   */
  signatureSha256: string;
  /** `exp` of the token, epoch seconds; the key is remembered until `exp + tolerance`. */
  expiresAt: number;
  toleranceSeconds: number;
}

/**
 * Records a verified brand token in the replay cache, refusing its second presentation. The
 * key is `idt:{accountId}:{connectorId}:jti:{jti}`, or `...:sig:{signatureSha256}` when the
 * token has no `jti`. id_tokens and back-channel logout tokens share this one namespace, so
 * neither kind can be replayed as the other. Call only after signature and claims passed, so
 * a forged token cannot burn a legitimate `jti`.
 *
 * @throws ParleyError `TOKEN_REPLAYED`.
 */
export async function assertNotReplayed(cache: ReplayCache, input: ReplayCheckInput): Promise<void> {
  const scope = `idt:${input.accountId}:${input.connectorId}`;
  const key = input.jti !== undefined ? `${scope}:jti:${input.jti}` : `${scope}:sig:${input.signatureSha256}`;
  const rememberUntil = (input.expiresAt + input.toleranceSeconds) * 1000;
  if (!(await cache.remember(key, rememberUntil))) {
    throw new ParleyError('TOKEN_REPLAYED', 'this token was already presented');
  }
}
