/**
 * The demo brand's website: one page per way of embedding Parley's widget, their scripts, and
 * `/demo-config.json`. Pages are templates: `%PARLEY_URL%` and `%ACCOUNT%` become Parley's URL
 * and account (a real brand writes them into its page), each placeholder of {@link PARTIALS}
 * the file it names. Served with a strict CSP: scripts only from this origin and Parley
 * (`/widget.js`), no inline script or style, connections only to this origin and Parley (HTTP
 * and WebSocket); the widget's styles are constructable stylesheets, which `style-src` does
 * not govern.
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
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
/** The demo pages (templates) and the static files beside them. */
const PAGES = [
  'index.html',
  'implicit.html',
  'code.html',
  'pkce.html',
  'popup.html',
  'step-up.html',
  'liveperson.html',
  'minimal.html',
  'chat-callback.html',
];
const STATIC: Record<string, string> = {
  'chat.js': JS,
  'brand.js': JS,
  'pages.js': JS,
  'liveperson.js': JS,
  'style.css': 'text/css; charset=utf-8',
};
const CONFIG_PATH = '/demo-config.json';
/**
 * Parts several pages share, each included as its placeholder and not served itself: the
 * header (brand name and login bar), and the stylesheet and scripts of the widget pages.
 */
const PARTIALS: Record<string, string> = {
  '%BRAND_HEADER%': 'brand-header.html',
  '%WIDGET_PAGE_HEAD%': 'widget-page-head.html',
};

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
  const parleyUrl = settings.parley.url.replace(/\/$/, '');
  // partials first: they hold placeholders too
  const partials = Object.entries(PARTIALS).map(
    ([placeholder, file]) => [placeholder, readFileSync(new URL(file, PUBLIC), 'utf8').trim()] as const,
  );
  const fill = (text: string) =>
    partials
      .reduce((page, [placeholder, partial]) => page.replaceAll(placeholder, partial), text)
      .replaceAll('%PARLEY_URL%', parleyUrl)
      .replaceAll('%ACCOUNT%', settings.parley.account);
  const bodies = new Map<string, { body: Buffer; type: string }>();
  for (const page of PAGES) {
    const body = Buffer.from(fill(readFileSync(new URL(page, PUBLIC), 'utf8')));
    bodies.set(`/${page}`, { body, type: HTML });
  }
  bodies.set('/', bodies.get('/index.html')!);
  bodies.set('/chat-callback', bodies.get('/chat-callback.html')!);
  for (const [file, type] of Object.entries(STATIC))
    bodies.set(`/${file}`, { body: readFileSync(new URL(file, PUBLIC)), type });
  const config = Buffer.from(JSON.stringify({ ...settings.parley, url: parleyUrl }));
  bodies.set(CONFIG_PATH, { body: config, type: 'application/json' });
  const headers = securityHeaders(parleyUrl);
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

/** The CSP a brand embedding the widget needs (docs/widget.md), and nothing more. */
function securityHeaders(parleyUrl: string): Record<string, string> {
  const parley = new URL(parleyUrl);
  const socket = `${parley.protocol === 'https:' ? 'wss' : 'ws'}://${parley.host}`;
  return {
    'content-security-policy':
      `default-src 'none'; script-src 'self' ${parley.origin}; style-src 'self'; img-src 'self' data:; ` +
      `connect-src 'self' ${parley.origin} ${socket}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'no-cache',
  };
}
