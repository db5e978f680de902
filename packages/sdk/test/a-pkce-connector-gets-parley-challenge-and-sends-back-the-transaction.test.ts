import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildCodeFlowApp, useWorld, type CodeFlowApp } from '@parley/server/testing/code-flow';
import { createParleyClient } from '../src/client.ts';
import { createMemoryStorage } from '../src/storage.ts';
import type { TokenContext, WebSocketConstructor } from '../src/types.ts';

// A real oidc-provider IdP: the code is made with the challenge Parley gave the SDK.
const world = useWorld();
let t: CodeFlowApp;
let platformUrl: string;
beforeAll(async () => {
  t = await buildCodeFlowApp(world);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  platformUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t.app.close());

describe('a PKCE connector', () => {
  it('gets the codeChallenge of a fresh /pkce in ctx, and its code is sent with pkceTransaction', async () => {
    const asked: TokenContext[] = [];
    const bodies: Record<string, unknown>[] = [];
    const client = createParleyClient({
      platformUrl,
      account: 'acme',
      connector: 'public',
      pkce: true,
      storage: createMemoryStorage(),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      // passes every request through; records what the SDK posted to /authenticate
      fetch: async (input, init) => {
        if (String(input).endsWith('/authenticate')) bodies.push(JSON.parse(String(init?.body)));
        return fetch(input, init);
      },
      getToken: async (ctx) => {
        asked.push(ctx);
        if (!ctx.codeChallenge) throw new Error('no challenge');
        const { code, redirectUri } = await world.idp.obtainCode({
          method: 'none',
          codeChallenge: ctx.codeChallenge,
        });
        return { code, redirectUri };
      },
    });
    const session = await client.authenticate();
    expect(session.authenticated).toBe(true);
    expect(asked).toEqual([
      {
        reason: 'start',
        accountId: 'acme',
        connector: 'public',
        codeChallenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        codeChallengeMethod: 'S256',
      },
    ]);
    expect(bodies).toEqual([
      {
        code: expect.any(String),
        redirectUri: expect.any(String),
        pkceTransaction: expect.any(String),
        connector: 'public',
      },
    ]);
    client.close();
  });
});
