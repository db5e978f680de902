import { describe, expect, it } from 'vitest';
import { parseStrictJsonObject } from './parse-strict-json.ts';

const codeOf = (text: string) => {
  try {
    parseStrictJsonObject(text, 'payload');
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('parseStrictJsonObject', () => {
  it('parses an object with nested arrays, escapes and numbers', () => {
    expect(parseStrictJsonObject('{"a":[1,-2.5e3,{"b":"\\u00e9\\n"}],"c":true,"d":null}', 'payload')).toEqual(
      {
        a: [1, -2500, { b: 'é\n' }],
        c: true,
        d: null,
      },
    );
  });

  it('refuses a duplicate member at the top level', () => {
    expect(codeOf('{"sub":"a","sub":"b"}')).toBe('TOKEN_MALFORMED');
  });

  it('refuses a duplicate member deep inside arrays and objects', () => {
    expect(codeOf('{"x":[{"y":{"z":1,"z":2}}]}')).toBe('TOKEN_MALFORMED');
  });

  it('refuses duplicates spelled with different escapes of the same name', () => {
    expect(codeOf('{"sub":"a","s\\u0075b":"b"}')).toBe('TOKEN_MALFORMED');
  });

  it('accepts the same name in sibling objects', () => {
    expect(codeOf('{"a":{"n":1},"b":{"n":2}}')).toBe('ok');
  });

  it.each(['[1]', '"s"', '1', 'null', '{', '{"a":1,}', "{'a':1}", '{"a":1} x', '{"a":01}', '{"a":"\t"}'])(
    'refuses %s',
    (text) => expect(codeOf(text)).toBe('TOKEN_MALFORMED'),
  );

  it.each([
    ['a value', '{"sub":"a\\u0000b"}'],
    ['an array element', '{"aud":["client","\\u0000"]}'],
    ['a nested value', '{"x":[{"y":"\\u0000"}]}'],
    ['a member name', '{"a\\u0000":1}'],
  ])('refuses U+0000 (pinned: PostgreSQL jsonb cannot store it) in %s', (_, text) => {
    expect(codeOf(text)).toBe('TOKEN_MALFORMED');
  });

  it('names U+0000 in the detail without echoing the string', () => {
    expect(() => parseStrictJsonObject('{"sub":"secret\\u0000x"}', 'payload')).toThrow(/U\+0000/);
    try {
      parseStrictJsonObject('{"sub":"secret\\u0000x"}', 'payload');
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('still accepts other escaped control characters', () => {
    expect(parseStrictJsonObject('{"a":"\\u0001\\u001f"}', 'payload')).toEqual({ a: '\u0001\u001f' });
  });

  it('refuses absurd nesting depth', () => {
    expect(codeOf(`{"a":${'['.repeat(100)}${']'.repeat(100)}}`)).toBe('TOKEN_MALFORMED');
  });

  it('names a duplicate claim in the detail but never its value', () => {
    try {
      parseStrictJsonObject('{"sub":"secret-value","sub":"x"}', 'payload');
    } catch (err) {
      expect((err as Error).message).toContain('"sub"');
      expect((err as Error).message).not.toContain('secret-value');
    }
  });
});
