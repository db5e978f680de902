import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES } from '@parley/protocol';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where codes are sent from: the server, and core (which throws ParleyErrors the server maps). */
const SOURCE_DIRS = ['packages/server/src', 'packages/core/src'];

/**
 * A sending site names its code as the first string argument of one of these, or as a
 * `[code, detail]` pair of a mapping table (the framework-error map).
 */
const SENDING_SITES = [
  /new ParleyError\(\s*'([A-Za-z_]+)'/g,
  /problemOf\(\s*'([A-Za-z_]+)'/g,
  /\.error\(\s*'([A-Za-z_]+)'/g,
  /\[\s*'([A-Z][A-Z_]+)',\s*'[^']*'\s*\]/g,
  /type: 'error', code: '([A-Za-z_]+)'/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function sentCodes(): Map<string, string> {
  const sent = new Map<string, string>();
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of SENDING_SITES) {
      for (const match of text.matchAll(pattern)) sent.set(match[1]!, file.slice(ROOT.length));
    }
  }
  return sent;
}

describe('the error catalogue', () => {
  it('holds every code the server or core can send, named at its sending site', () => {
    const sent = sentCodes();
    // the walk really finds the sites: the server's own codes and core's token codes
    for (const code of [
      'NOT_FOUND',
      'SERVICE_UNAVAILABLE',
      'INTERNAL_ERROR',
      'ORIGIN_NOT_ALLOWED',
      'TOKEN_EXPIRED',
    ])
      expect(sent.has(code), `no sending site found for ${code}`).toBe(true);
    const missing = [...sent].filter(([code]) => !(code in ERROR_CATALOGUE));
    expect(missing, 'codes sent but not in packages/protocol/src/errors.ts').toEqual([]);
  });

  it('is documented code by code in docs/errors.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
    for (const code of ERROR_CODES) {
      const { status } = ERROR_CATALOGUE[code];
      expect(doc, `docs/errors.md lacks ${code} (run npm run docs)`).toContain(`| \`${code}\` | ${status} |`);
    }
  });
});
