import type { FastifyPluginAsync } from 'fastify';
import { bundleWidget, type WidgetBundle } from '../widget/bundle-widget.ts';

/** Options of {@link widgetRoutes}. */
export interface WidgetRoutesOptions {
  /** Builds the bundle (tests pass a stub entry); default {@link bundleWidget}. */
  build?: () => Promise<WidgetBundle>;
}

/** Brands embed a URL that never changes: browsers revalidate after 5 minutes (ETag → 304). */
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

/**
 * `GET /widget.js`: the embeddable chat widget (apps/widget), bundled on the first request and
 * kept in memory (a failed build is retried on the next request). Served with an ETag, gzip
 * when the browser accepts it, and `Access-Control-Allow-Origin: *` (a public script, no
 * credentials), so a brand may load it with `crossorigin` and Subresource Integrity.
 */
export const widgetRoutes: FastifyPluginAsync<WidgetRoutesOptions> = async (app, options) => {
  const build = options.build ?? bundleWidget;
  let bundle: Promise<WidgetBundle> | null = null;
  const current = (): Promise<WidgetBundle> => {
    bundle ??= build().catch((err: unknown) => {
      bundle = null;
      throw err;
    });
    return bundle;
  };

  app.get(
    '/widget.js',
    {
      config: {
        openapi: { summary: 'The embeddable chat widget script', tags: ['widget'] },
      },
    },
    async (request, reply) => {
      const { js, gzip, etag } = await current();
      reply
        .header('cache-control', CACHE_CONTROL)
        .header('etag', etag)
        .header('vary', 'Accept-Encoding')
        .header('cross-origin-resource-policy', 'cross-origin')
        // any brand page may load it, also with `crossorigin` (subresource integrity)
        .header('access-control-allow-origin', '*')
        .type('text/javascript; charset=utf-8');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? ''))
        return reply.header('content-encoding', 'gzip').send(gzip);
      return reply.send(js);
    },
  );
};
