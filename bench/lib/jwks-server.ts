import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A brand JWKS endpoint on loopback that counts how often Parley fetches it. */
export interface JwksServer {
  url: string;
  fetches(): number;
  close(): Promise<void>;
}

/**
 * Serves `{ keys }` at `/jwks` (runs in the bench process, not in the server under test).
 *
 * @example
 * ```ts
 * const jwks = await startJwksServer([keys.RS256.publicJwk]);
 * // ... load ...; jwks.fetches() → 1 at steady state
 * ```
 */
export async function startJwksServer(keys: Record<string, unknown>[]): Promise<JwksServer> {
  let count = 0;
  const body = JSON.stringify({ keys });
  const server = createServer((req, res) => {
    if (req.url === '/jwks') count++;
    res.writeHead(req.url === '/jwks' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/jwks' ? body : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    fetches: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
