import { describe, expect, it } from 'vitest';
import { rawToken } from '../testing/index.ts';
import { MAX_TOKEN_LENGTH, parseCompact } from './parse-compact.ts';

const codeOf = (token: string, expectedTyp?: 'id_token' | 'logout') => {
  try {
    parseCompact(token, { expectedTyp });
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('parseCompact', () => {
  it('splits a JWS into header, payload and signing input', () => {
    const token = rawToken('{"alg":"RS256","kid":"k"}', '{"sub":"s"}');
    const parsed = parseCompact(token);
    expect(parsed).toMatchObject({ kind: 'jws', header: { alg: 'RS256', kid: 'k' }, payload: { sub: 's' } });
    expect(parsed.kind === 'jws' && parsed.signingInput).toBe(token.split('.').slice(0, 2).join('.'));
  });

  it('accepts exactly 16 KB and refuses one character more', () => {
    const base = rawToken('{"alg":"RS256"}', '{"p":""}');
    const pad = MAX_TOKEN_LENGTH - base.length;
    const sized = (extra: number) =>
      rawToken('{"alg":"RS256"}', `{"p":"${'x'.repeat(Math.floor(((pad + extra) * 3) / 4))}"}`);
    expect(codeOf(sized(-8))).toBe('ok');
    expect(codeOf('a'.repeat(MAX_TOKEN_LENGTH + 1))).toBe('TOKEN_MALFORMED');
    expect(codeOf(sized(8))).toBe('TOKEN_MALFORMED');
  });

  it('refuses a header without alg', () => {
    expect(codeOf(rawToken('{"typ":"JWT"}', '{}'))).toBe('TOKEN_MALFORMED');
  });

  it('refuses a JWE header without enc', () => {
    const header = Buffer.from('{"alg":"RSA-OAEP-256"}').toString('base64url');
    expect(codeOf(`${header}.AAAA.AAAA.AAAA.AAAA`)).toBe('TOKEN_MALFORMED');
  });

  it('refuses a non-UTF-8 header', () => {
    expect(codeOf(`${Buffer.from([0xff, 0xfe]).toString('base64url')}.e30.c2ln`)).toBe('TOKEN_MALFORMED');
  });

  it('refuses a non-string token', () => {
    expect(codeOf(42 as unknown as string)).toBe('TOKEN_MALFORMED');
  });

  it('accepts typ logout+jwt only for logout tokens', () => {
    const token = rawToken('{"alg":"RS256","typ":"logout+jwt"}', '{}');
    expect(codeOf(token)).toBe('TOKEN_MALFORMED');
    expect(codeOf(token, 'logout')).toBe('ok');
  });

  it('refuses a malformed crit as malformed and an unknown crit as not allowed', () => {
    expect(codeOf(rawToken('{"alg":"RS256","crit":"b64"}', '{}'))).toBe('TOKEN_MALFORMED');
    expect(codeOf(rawToken('{"alg":"RS256","crit":["b64"],"b64":false}', '{}'))).toBe(
      'TOKEN_ALG_NOT_ALLOWED',
    );
  });
});
