import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../testing/build-test-app.ts';
import { problemJsonPlugin } from '../plugins/problem-json.ts';
import { WORKSPACE_CSP, workspacePlugin } from './workspace-plugin.ts';

let app: FastifyInstance;
beforeAll(async () => {
  // the suite's global setup built apps/workspace/dist
  ({ app } = await buildTestApp({ config: { accounts: [{ id: 'demo', connectors: [] }] } }));
});
afterAll(async () => app.close());

describe('the Agent Workspace at /workspace/', () => {
  it('serves the page with its own CSP: scripts from Parley only, none inline, never framed', async () => {
    const res = await app.inject({ url: '/workspace/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toBe(WORKSPACE_CSP);
    expect(WORKSPACE_CSP).toContain("script-src 'self'");
    expect(WORKSPACE_CSP).not.toContain('unsafe-inline');
    expect(WORKSPACE_CSP).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    // the built page has no inline script for that CSP to block
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const asset = /src="(\/workspace\/assets\/[^"]+\.js)"/.exec(res.body)?.[1];
    const js = await app.inject({ url: asset! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-security-policy']).toBe(WORKSPACE_CSP);
  });

  it('keeps the strict JSON policy everywhere else', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.headers['content-security-policy']).not.toBe(WORKSPACE_CSP);
  });

  it('redirects /workspace, names the only account, and answers a missing file with problem+json', async () => {
    expect((await app.inject({ url: '/workspace' })).headers.location).toBe('/workspace/');
    expect((await app.inject({ url: '/workspace/defaults.json' })).json()).toEqual({ account: 'demo' });
    const missing = await app.inject({ url: '/workspace/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const escape = await app.inject({ url: '/workspace/../../package.json' });
    expect(escape.statusCode).toBe(404);
  });

  it('answers 503 SERVICE_UNAVAILABLE when there is no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-no-build-'));
    const bare = Fastify();
    await bare.register(problemJsonPlugin);
    await bare.register(workspacePlugin, { accounts: [], root: empty });
    const res = await bare.inject({ url: '/workspace/' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((await bare.inject({ url: '/workspace/defaults.json' })).json()).toEqual({ account: null });
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
