/**
 * Every workspace (packages/*, apps/*, examples/*) is sealed: its files import only packages its
 * own package.json declares (dependencies or devDependencies; `node:` built-ins aside), and reach
 * another workspace only through that workspace's package name and declared exports, never by a
 * relative path. Hoisting puts every package of the monorepo in the root node_modules, so an
 * undeclared import works here and breaks wherever the package is installed alone.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(ts|tsx|mts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

interface Manifest {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The workspace folders the root package.json names (`folder/*` patterns). */
function workspaceDirs(root: string): string[] {
  return (readManifest(root).workspaces ?? []).flatMap((pattern) => {
    const parent = join(root, pattern.replace(/\/\*$/, ''));
    return readdirSync(parent)
      .map((name) => join(parent, name))
      .filter((dir) => statSync(dir).isDirectory());
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier of a file, once: static and dynamic imports, re-exports, require calls. */
function specifiersOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return [...new Set(info.importedFiles.map((imported) => imported.fileName))];
}

/** `@scope/name` or `name` of a bare specifier; null for relative paths and Node built-ins. */
function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

/** `file: package` for each import of a package the workspace's package.json does not declare. */
function undeclaredImports(dir: string): string[] {
  const manifest = readManifest(dir);
  const declared = new Set([
    ...(manifest.name === undefined ? [] : [manifest.name]),
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  return sourceFiles(dir).flatMap((file) =>
    specifiersOf(file)
      .map(packageNameOf)
      .filter((name): name is string => name !== null && !declared.has(name))
      .map((name) => `${relative(dir, file)}: ${name}`),
  );
}

/** `file: specifier` for each relative import that leaves the workspace's folder. */
function importsLeavingTheWorkspace(dir: string): string[] {
  return sourceFiles(dir).flatMap((file) =>
    specifiersOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .filter((specifier) => relative(dir, resolve(dirname(file), specifier)).startsWith('..'))
      .map((specifier) => `${relative(dir, file)}: ${specifier}`),
  );
}

describe('every workspace is sealed', () => {
  const workspaces = workspaceDirs(ROOT);

  it('covers packages/*, apps/* and examples/*', () => {
    const folders = new Set(workspaces.map((dir) => relative(ROOT, dirname(dir))));
    expect([...folders].sort()).toEqual(['apps', 'examples', 'packages']);
  });

  it.each(workspaces.map((dir) => [relative(ROOT, dir), dir]))(
    '%s declares in its package.json every package it imports',
    (_name, dir) => expect(undeclaredImports(dir)).toEqual([]),
  );

  it.each(workspaces.map((dir) => [relative(ROOT, dir), dir]))(
    '%s reaches other workspaces only by package name, never by a relative path',
    (_name, dir) => expect(importsLeavingTheWorkspace(dir)).toEqual([]),
  );
});

describe('the check itself', () => {
  it('reports an undeclared package, whatever the import form, and a relative path out of the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sealed-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'me', dependencies: { kept: '1' } }));
      writeFileSync(
        join(dir, 'src', 'a.ts'),
        [
          "import fs from 'node:fs';",
          "import path from 'path';",
          "import kept from 'kept/deep';",
          "import { self } from 'me/sub';",
          "import { b } from './b.ts';",
          "import type { T } from 'typed-only';",
          "export { x } from '@scope/lib/sub';",
          "const later = await import('lazy');",
          "import { other } from '../../other/src/index.ts';",
        ].join('\n'),
      );
      expect(undeclaredImports(dir)).toEqual([
        'src/a.ts: typed-only',
        'src/a.ts: @scope/lib',
        'src/a.ts: lazy',
      ]);
      expect(importsLeavingTheWorkspace(dir)).toEqual(['src/a.ts: ../../other/src/index.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
