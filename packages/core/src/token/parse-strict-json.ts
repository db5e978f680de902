import { ParleyError } from '../errors.ts';

/**
 * Parses JSON text that must be an object, refusing duplicate member names at any depth
 * (`JSON.parse` silently keeps the last duplicate, which lets two parsers disagree about a
 * claim). A small validating scanner walks the text first; `JSON.parse` then builds the value.
 *
 * Pinned Parley rule: a string (member name or value, at any depth) holding U+0000 is refused
 * (`TOKEN_MALFORMED`), even when escaped as `\u0000`: PostgreSQL `jsonb` cannot store it, so
 * such a token would otherwise pass verification and fail later when its claims are saved.
 * A raw U+0000 is already invalid JSON.
 *
 * @throws ParleyError `TOKEN_MALFORMED` (detail names `what`, never the text).
 * @example
 * ```ts
 * parseStrictJsonObject('{"a":1}', 'payload'); // { a: 1 }
 * parseStrictJsonObject('{"a":1,"a":2}', 'payload'); // throws TOKEN_MALFORMED
 * parseStrictJsonObject('{"sub":"a\\u0000b"}', 'payload'); // throws TOKEN_MALFORMED
 * ```
 */
export function parseStrictJsonObject(text: string, what: string): Record<string, unknown> {
  const scanner = new DuplicateKeyScanner(text, what);
  scanner.scanDocument();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(what, 'is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(what, 'is not a JSON object');
  }
  return value as Record<string, unknown>;
}

function malformed(what: string, reason: string): ParleyError {
  return new ParleyError('TOKEN_MALFORMED', `token ${what} ${reason}`);
}

/** A member name is echoed only when it looks like a plain claim name. */
function safeName(name: string): string {
  return /^[A-Za-z0-9_.:-]{1,40}$/.test(name) ? ` "${name}"` : '';
}

const MAX_DEPTH = 32;
const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Recursive-descent JSON validator that records member names per object. */
class DuplicateKeyScanner {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  scanDocument(): void {
    this.skipWs();
    if (this.text[this.pos] !== '{') throw malformed(this.what, 'is not a JSON object');
    this.value(0);
    this.skipWs();
    if (this.pos !== this.text.length) throw malformed(this.what, 'is not valid JSON');
  }

  private fail(): never {
    throw malformed(this.what, 'is not valid JSON');
  }

  private skipWs(): void {
    while (this.pos < this.text.length && WS.has(this.text[this.pos]!)) this.pos++;
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) throw malformed(this.what, 'is nested too deeply');
    this.skipWs();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return void this.string();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return;
      }
    }
    this.match(NUMBER);
  }

  private match(re: RegExp): string {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) this.fail();
    this.pos = re.lastIndex;
    return m[0];
  }

  private string(): string {
    const literal = this.match(STRING);
    if (!literal.includes('\\')) return literal.slice(1, -1);
    const decoded = JSON.parse(literal) as string;
    if (decoded.includes('\u0000')) throw malformed(this.what, 'has a string holding U+0000');
    return decoded;
  }

  private object(depth: number): void {
    this.pos++; // {
    const names = new Set<string>();
    this.skipWs();
    if (this.text[this.pos] === '}') return void this.pos++;
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"') this.fail();
      const name = this.string();
      if (names.has(name)) throw malformed(this.what, `has a duplicate member${safeName(name)}`);
      names.add(name);
      this.skipWs();
      if (this.text[this.pos++] !== ':') this.fail();
      this.value(depth + 1);
      this.skipWs();
      const sep = this.text[this.pos++];
      if (sep === '}') return;
      if (sep !== ',') this.fail();
    }
  }

  private array(depth: number): void {
    this.pos++; // [
    this.skipWs();
    if (this.text[this.pos] === ']') return void this.pos++;
    for (;;) {
      this.value(depth + 1);
      this.skipWs();
      const sep = this.text[this.pos++];
      if (sep === ']') return;
      if (sep !== ',') this.fail();
    }
  }
}
