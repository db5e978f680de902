/**
 * The demo brand website's backend: its own login (`POST /login`, `POST /logout`,
 * `GET /api/me`) and the chat credentials its pages hand the widget (`POST /api/chat-id-token`,
 * `POST /api/chat-code`), for the logged-in site user only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrandCredentials } from './brand-credentials.ts';
import type { BrandSession } from './brand-session.ts';
import { demoClaims } from './demo-customers.ts';

const MAX_BODY = 4096;

export interface BrandApi {
  handles(req: IncomingMessage): boolean;
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: URLSearchParams) => Promise<void>;

export function createBrandApi(session: BrandSession, credentials: BrandCredentials): BrandApi {
  const routes: Record<string, Handler> = {
    'POST /login': async (_req, res, body) => {
      const cookie = session.login(body.get('user') ?? '');
      const back = safeReturnPath(body.get('return'));
      res.writeHead(303, { location: back, ...(cookie ? { 'set-cookie': cookie } : {}) }).end();
    },
    'POST /logout': async (_req, res, body) => {
      res
        .writeHead(303, { location: safeReturnPath(body.get('return')), 'set-cookie': session.logout() })
        .end();
    },
    'GET /api/me': async (req, res) => {
      const user = session.user(req);
      json(res, 200, user ? { user, sub: demoClaims(user).sub } : { user: null });
    },
    'POST /api/chat-id-token': async (req, res, body) => {
      const user = session.user(req);
      if (!user) return json(res, 401, { error: 'not_signed_in' });
      const ttl = Number(body.get('ttl'));
      const idToken = await credentials.idToken(user, {
        ...(Number.isFinite(ttl) && ttl > 0 ? { ttlSeconds: ttl } : {}),
        encrypt: body.get('encrypt') === '1',
      });
      json(res, 200, { idToken });
    },
    'POST /api/chat-code': async (req, res, body) => {
      const user = session.user(req);
      if (!user) return json(res, 401, { error: 'not_signed_in' });
      const codeChallenge = body.get('codeChallenge');
      json(res, 200, await credentials.code(user, codeChallenge ? { codeChallenge } : {}));
    },
  };
  return {
    handles: (req) => `${req.method} ${pathOf(req)}` in routes,
    async serve(req, res) {
      // same-origin only: a cross-site form or fetch cannot log someone in or mint their token
      const origin = req.headers.origin;
      if (req.method === 'POST' && origin !== undefined && origin !== `http://${req.headers.host}`) {
        return json(res, 403, { error: 'cross_origin' });
      }
      try {
        const body = req.method === 'POST' ? await readForm(req) : new URLSearchParams();
        await routes[`${req.method} ${pathOf(req)}`]!(req, res, body);
      } catch (err) {
        process.stderr.write(`demo brand API failed: ${err instanceof Error ? err.message : String(err)}\n`);
        if (!res.headersSent) json(res, 500, { error: 'server_error' });
      }
    },
  };
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** A path on this site only (`/code.html?ttl=65`), never another origin. */
function safeReturnPath(value: string | null): string {
  return value && /^\/[\w./-]*(\?[\w=&.-]*)?$/.test(value) && !value.startsWith('//') ? value : '/';
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Form-encoded or JSON body as parameters. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return new URLSearchParams(
      Object.entries(parsed).flatMap(([k, v]) => (v === undefined || v === null ? [] : [[k, String(v)]])),
    );
  }
  return new URLSearchParams(text);
}
