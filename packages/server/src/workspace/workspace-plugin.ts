import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { AccountConfig } from '@parley/core';
import { problemOf, sendProblem } from '../plugins/problem-json.ts';
import { WORKSPACE_DIST_DIR } from './workspace-build.ts';

/**
 * The page's Content-Security-Policy: scripts and styles only from Parley itself (no inline
 * script, no eval), sockets and fetches only to Parley, never framed.
 */
export const WORKSPACE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(reply: { header(name: string, value: string): unknown }): void {
  reply.header('content-security-policy', WORKSPACE_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}

/**
 * Serves the Agent Workspace (apps/workspace, built by Vite) at `/workspace/` with
 * @fastify/static: content types, ETag/Last-Modified, HEAD and range requests, and path
 * traversal protection come from a maintained plugin rather than hand-written file serving.
 * Like every Parley response it is `cache-control: no-store`. Without a build, the
 * route answers 503 `SERVICE_UNAVAILABLE` (start with `npm start`, which builds it).
 *
 * @example
 * ```ts
 * await app.register(workspacePlugin, { accounts: config.accounts });
 * ```
 */
export const workspacePlugin: FastifyPluginAsync<{
  accounts: readonly AccountConfig[];
  root?: string;
}> = async (app, options) => {
  const root = options.root ?? WORKSPACE_DIST_DIR;
  const onlyAccount = options.accounts.length === 1 ? options.accounts[0]!.id : null;
  // after the app-wide headers (plugins/security-headers.ts: CSP `default-src 'none'` for JSON),
  // so the page's own policy replaces them on every response of this plugin, 404s included
  app.addHook('onRequest', async (_request, reply) => securityHeaders(reply));

  app.get('/workspace', { config: { openapi: { hide: true } } }, async (_request, reply) =>
    reply.redirect('/workspace/', 301),
  );
  app.get('/workspace/defaults.json', { config: { openapi: { hide: true } } }, async () => ({
    account: onlyAccount,
  }));

  if (!existsSync(join(root, 'index.html'))) {
    app.get('/workspace/*', { config: { openapi: { hide: true } } }, async (_request, reply) =>
      sendProblem(reply, problemOf('SERVICE_UNAVAILABLE', 'the Agent Workspace is not built: run npm start')),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/workspace/',
    index: ['index.html'],
    wildcard: true,
    cacheControl: false,
  });
};
