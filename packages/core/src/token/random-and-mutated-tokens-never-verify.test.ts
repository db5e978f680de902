// Property-based tests: whatever arrives as a token, the parser and the verifier answer with a
// catalogue ParleyError (or, for the parser, a parse), never another exception; and no mutation
// of a validly signed token verifies. Runs are bounded so the suite stays fast.
import { ERROR_CATALOGUE } from '@parley/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParleyError } from '../errors.ts';
import {
  createTestVerifier,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  testConnector,
} from '../testing/index.ts';
import { parseCompact } from './parse-compact.ts';
import { parseStrictJsonObject } from './parse-strict-json.ts';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const RUNS = { numRuns: 300 };

/** True for a ParleyError whose code is in the catalogue: the only failure allowed. */
function isCatalogueError(err: unknown): boolean {
  return isParleyError(err) && Object.hasOwn(ERROR_CATALOGUE, err.code);
}

function parseOutcome(run: () => unknown): 'parsed' | 'refused' {
  try {
    run();
    return 'parsed';
  } catch (err) {
    if (!isCatalogueError(err)) throw err;
    return 'refused';
  }
}

/** Strings that look like compact tokens: base64url-ish segments joined by dots. */
const tokenLike = fc
  .array(fc.string({ unit: fc.constantFrom(...BASE64URL, '=', '+', '/', ' ') }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((segments) => segments.join('.'));

/** base64url of JSON text, so the header and payload get past the alphabet check. */
const encoded = (text: string) => Buffer.from(text).toString('base64url');

describe('the compact parser on random input', () => {
  it('answers any string with a parse or a catalogue error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), tokenLike), (token) => {
        parseOutcome(() => parseCompact(token));
        parseOutcome(() => parseCompact(token, { expectedTyp: 'logout' }));
      }),
      RUNS,
    );
  });

  it('answers random JSON headers and payloads with a parse or a catalogue error', () => {
    const header = fc.oneof(
      fc.json(),
      fc.record({ alg: fc.string(), kid: fc.jsonValue(), typ: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(header, fc.json(), fc.string({ unit: fc.constantFrom(...BASE64URL) }), (h, p, sig) => {
        const text = typeof h === 'string' ? h : JSON.stringify(h);
        parseOutcome(() => parseCompact(`${encoded(text)}.${encoded(p)}.${sig}`));
      }),
      RUNS,
    );
  });

  it('never parses an unsigned token, whatever the spelling of "none"', () => {
    fc.assert(
      fc.property(fc.mixedCase(fc.constant('none')), fc.json(), (alg, payload) => {
        expect(() => parseCompact(`${encoded(JSON.stringify({ alg }))}.${encoded(payload)}.`)).toThrow(
          expect.objectContaining({ code: 'TOKEN_ALG_NOT_ALLOWED' }),
        );
      }),
      RUNS,
    );
  });
});

describe('the strict JSON parser on random input', () => {
  it('answers any string with an object or a catalogue error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        parseOutcome(() => parseStrictJsonObject(text, 'payload'));
      }),
      RUNS,
    );
  });

  it('reads a JSON object without duplicate names exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const text = JSON.stringify(object);
        expect(parseStrictJsonObject(text, 'payload')).toEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });
});

/** One edit of a token: flip, insert or delete a character, or re-spell a segment's last character. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), char: fc.constantFrom(...BASE64URL, '.') }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    char: fc.constantFrom(...BASE64URL, '.', '='),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('respell' as const), segment: fc.nat(2), low: fc.nat(15) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(token: string, m: Mutation): string {
  if (m.op === 'respell') {
    const segments = token.split('.');
    const segment = segments[m.segment];
    // an earlier edit may have inserted or deleted a dot: no such segment, nothing to re-spell
    if (segment === undefined || segment === '') return token;
    const last = BASE64URL.indexOf(segment.at(-1)!);
    segments[m.segment] = segment.slice(0, -1) + BASE64URL[(last & ~15) | m.low];
    return segments.join('.');
  }
  const at = m.at % (token.length + (m.op === 'insert' ? 1 : 0));
  if (m.op === 'delete') return token.slice(0, at) + token.slice(at + 1);
  return token.slice(0, at) + m.char + token.slice(at + (m.op === 'flip' ? 1 : 0));
}

describe('the verifier on mutated tokens', () => {
  it('never verifies a mutation of a validly signed token, and fails only with catalogue errors', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = createTestVerifier([
      testConnector({ publicKeys: [key.publicJwk], replayProtection: false }),
    ]);
    const valid = await mintToken(key, idTokenClaims(now(), { jti: undefined }));
    await expect(verifier.verify(valid)).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const token = mutations.reduce(mutate, valid);
        fc.pre(token !== valid);
        const err = await verifier.verify(token).then(
          () => new Error('a mutated token verified'),
          (e: unknown) => e,
        );
        expect(isCatalogueError(err)).toBe(true);
      }),
      RUNS,
    );
  });
});
