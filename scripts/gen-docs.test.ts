import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@parley/protocol';
import { renderDocs } from './docs/render-docs.ts';
import { configRows } from './docs/config-rows.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated docs', () => {
  for (const [path, content] of Object.entries(renderDocs())) {
    it(`${path} matches the source (run \`npm run docs\` if this fails)`, () => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(content);
    });
  }

  it('documents every config key and every error code', () => {
    const docs = renderDocs();
    for (const row of configRows()) expect(docs['docs/configuration.md']).toContain(`| \`${row.path}\` |`);
    for (const code of ERROR_CODES) expect(docs['docs/errors.md']).toContain(`| \`${code}\` |`);
  });

  it('reads types and defaults from the schema', () => {
    const port = configRows().find((r) => r.path === 'server.port');
    expect(port).toMatchObject({ type: 'integer (0–65535)', default: '8080', required: false });
    const storagePath = configRows().find((r) => r.path === 'storage.path');
    expect(storagePath).toMatchObject({ only: 'driver: "sqlite"', default: '"./data/parley.db"' });
  });
});
