/**
 * `npm run docs`: writes the generated reference docs (docs/configuration.md, docs/errors.md)
 * from the config schema and the error catalogue. `--check` only reports drift (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocs } from './docs/render-docs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, content] of Object.entries(renderDocs())) {
  const file = join(root, path);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) continue;
  stale++;
  if (check) process.stderr.write(`${path} is out of date: run npm run docs\n`);
  else {
    writeFileSync(file, content);
    process.stdout.write(`wrote ${path}\n`);
  }
}
if (check && stale > 0) process.exit(1);
