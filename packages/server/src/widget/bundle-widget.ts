import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

/** The widget's entry point (apps/widget); read as a file, never imported. */
export const WIDGET_ENTRY = fileURLToPath(new URL('../../../../apps/widget/src/main.ts', import.meta.url));

/** One built widget: the minified script, its gzip form and a strong ETag. */
export interface WidgetBundle {
  js: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * Bundles apps/widget (and the SDK and protocol types it imports) into one minified IIFE with
 * esbuild, in memory: `npm start` needs no separate build step. No eval, no inline styles
 * outside the shadow root, so the result runs under a strict brand CSP (docs/widget.md).
 */
export async function bundleWidget(entry: string = WIDGET_ENTRY): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const js = Buffer.from(result.outputFiles[0]!.contents);
  return {
    js,
    gzip: gzipSync(js, { level: 9 }),
    etag: `"${createHash('sha256').update(js).digest('base64url').slice(0, 27)}"`,
  };
}
