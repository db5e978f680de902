import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** JSON for an inline script: `<`, `>`, `&`, U+2028/9 escaped so the data cannot end the script. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Sends the popup result page: posts `message` to `window.opener` with `targetOrigin` =
 * `origin` (never `*`; no origin → nothing is posted) and closes the window. Headers:
 * `Cache-Control: no-store`, a CSP allowing only this page's inline script (by nonce), no
 * framing, `Referrer-Policy: no-referrer`. The page never contains the authorization code.
 */
export function sendCallbackPage(
  reply: FastifyReply,
  status: number,
  page: { origin: string | null; message: Record<string, unknown>; title: string },
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const script =
    page.origin === null
      ? ''
      : `<script nonce="${nonce}">(function(){var m=${scriptJson(page.message)};` +
        `try{if(window.opener){window.opener.postMessage(m,${scriptJson(page.origin)});}}finally{window.close();}})();</script>`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"></head>` +
    `<body><p>${escapeHtml(page.title)}. You can close this window.</p>${script}</body></html>`;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header(
      'content-security-policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    )
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .type('text/html; charset=utf-8')
    .send(html);
}
