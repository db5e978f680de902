import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'data', 'dist', 'results']);

/** Every file of the repository under `dir` whose name ends with one of `extensions`. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, extensions));
    else if (extensions.some((ext) => name.endsWith(ext))) found.push(path);
  }
  return found;
}

/** The relative link targets of a markdown text: `[text](target)`, no URLs, no pure anchors. */
export function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.split('#')[0] ?? '');
}

describe('the docs tell the truth', () => {
  const markdown = filesUnder(root, ['.md']);

  it('finds the markdown files it checks', () => {
    expect(markdown.map((p) => relative(root, p))).toEqual(
      expect.arrayContaining(['README.md', 'docs/protocol.md', 'docs/errors.md']),
    );
  });

  for (const file of markdown) {
    it(`every relative link of ${relative(root, file)} points at a file of the repository`, () => {
      const broken = relativeLinks(readFileSync(file, 'utf8')).filter(
        (target) => !existsSync(resolve(dirname(file), target)),
      );
      expect(broken).toEqual([]);
    });
  }

  it('no file cites a document that is not in the repository, nor an issue number', () => {
    const sources = filesUnder(root, ['.md', '.ts', '.tsx', '.js', '.mjs', '.json']).filter(
      (path) => !path.endsWith('package-lock.json') && path !== fileURLToPath(import.meta.url),
    );
    expect(sources.length).toBeGreaterThan(100);
    const citing = sources
      .filter((path) => /DESIGN\.md|\bissue \d+\b/i.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(citing).toEqual([]);
  });

  it('reads relative links and leaves URLs, anchors and code alone', () => {
    const text = '[a](docs/x.md#y) [b](https://e.example) [c](#top) `[d](no.md)`\n```\n[e](no.md)\n```';
    expect(relativeLinks(text)).toEqual(['docs/x.md']);
  });

  it('every `npm run <script>` the docs show is a script of package.json', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: object }).scripts,
    );
    const missing = markdown.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)]
        .map((m) => m[1] ?? '')
        .filter((name) => !scripts.includes(name))
        .map((name) => `${relative(root, file)}: npm run ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
