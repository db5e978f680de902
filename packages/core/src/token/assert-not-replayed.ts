import { base64url } from 'jose';
import { ParleyError } from '../errors.ts';
import type { ReplayCache } from './replay-cache.ts';

/** Input of {@link assertNotReplayed}. */
export interface ReplayCheckInput {
  accountId: string;
  connectorId: string;
  /** `jti` of the verified token, when it has one. */
  jti: string | undefined;
  /** The compact JWS (the inner JWS of a JWE); its SHA-256 keys tokens without `jti`. */
  jws: string;
  /** `exp` of the token, epoch seconds; the key is remembered until `exp + tolerance`. */
  expiresAt: number;
  toleranceSeconds: number;
  /** `idt` for id_tokens (default), `lgt` for logout tokens: separate key spaces. */
  prefix?: 'idt' | 'lgt';
}

/**
 * Records a verified token in the replay cache, refusing its second presentation. The key is
 * `idt:{accountId}:{connectorId}:jti:{jti}`, or `...:sha256:{base64url(SHA-256(jws))}` when the
 * token has no `jti`. Call only after signature and claims passed, so a forged token cannot
 * burn a legitimate `jti`.
 *
 * @throws ParleyError `TOKEN_REPLAYED`.
 * @example
 * ```ts
 * await assertNotReplayed(replayCache, { accountId, connectorId, jti, jws, expiresAt, toleranceSeconds: 30 });
 * ```
 */
export async function assertNotReplayed(cache: ReplayCache, input: ReplayCheckInput): Promise<void> {
  const scope = `${input.prefix ?? 'idt'}:${input.accountId}:${input.connectorId}`;
  const key =
    input.jti !== undefined ? `${scope}:jti:${input.jti}` : `${scope}:sha256:${await sha256(input.jws)}`;
  const rememberUntil = (input.expiresAt + input.toleranceSeconds) * 1000;
  if (!(await cache.remember(key, rememberUntil))) {
    throw new ParleyError('TOKEN_REPLAYED', 'this token was already presented');
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64url.encode(new Uint8Array(digest));
}
