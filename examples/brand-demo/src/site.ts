/**
 * The demo brand's website: three static files and `/demo-config.json`, which tells the page
 * where Parley is. Served with a strict CSP: scripts only from this origin, connections only
 * to this origin and Parley (HTTP and WebSocket).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the page needs to know about Parley. */
export interface SiteSettings {
  parley: { url: string; account: string; connector: string };
  /** This site's origin (`http://127.0.0.1:8081`). */
  brandOrigin: string;
}

const PUBLIC = new URL('../public/', import.meta.url);
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const CONFIG_PATH = '/demo-config.json';

/**
 * Creates the website handler; the files are read once, here.
 *
 * @example
 * ```ts
 * const site = createSite({ parley: { url, account: 'demo', connector: 'demo' }, brandOrigin });
 * if (site.handles(req)) site.serve(req, res);
 * ```
 */
export function createSite(settings: SiteSettings): {
  handles(req: IncomingMessage): boolean;
  serve(req: IncomingMessage, res: ServerResponse): void;
} {
  const bodies = new Map(
    Object.entries(FILES).map(([path, { file, type }]) => [
      path,
      { body: readFileSync(new URL(file, PUBLIC)), type },
    ]),
  );
  const config = Buffer.from(
    JSON.stringify({ ...settings.parley, url: settings.parley.url.replace(/\/$/, '') }),
  );
  bodies.set(CONFIG_PATH, { body: config, type: 'application/json' });
  const headers = securityHeaders(settings.parley.url);
  return {
    handles: (req) => req.method === 'GET' && bodies.has(pathOf(req)),
    serve(req, res) {
      const page = bodies.get(pathOf(req))!;
      res.writeHead(200, { ...headers, 'content-type': page.type, 'content-length': page.body.length });
      res.end(page.body);
    },
  };
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

function securityHeaders(parleyUrl: string): Record<string, string> {
  const parley = new URL(parleyUrl);
  const socket = `${parley.protocol === 'https:' ? 'wss' : 'ws'}://${parley.host}`;
  return {
    'content-security-policy':
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
      `connect-src 'self' ${parley.origin} ${socket}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'no-cache',
  };
}
