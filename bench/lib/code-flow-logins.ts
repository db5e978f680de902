import { generateKeyPairSync } from 'node:crypto';
import {
  CODE_IDP_BRAND_REDIRECT,
  CODE_IDP_CLIENTS,
  startCodeFlowIdp,
  type CodeFlowIdp,
} from '@parley/core/testing';
import { BENCH_ACCOUNT } from './bench-config.ts';
import { inBatches } from './idle-sockets.ts';
import type { SpawnedServer } from './spawn-server.ts';

/** Id of the code-flow connector added to the bench account. */
export const CODE_CONNECTOR = 'code';
const CHUNK = 100;

/** Parley server CPU per code-flow login (the IdP runs in the bench process, not counted). */
export interface CodeFlowResult {
  logins: number;
  failed: number;
  cpuMicrosPerLogin: number;
  /** Wall time per login as the brand backend sees it (IdP token endpoint round trip included). */
  p50Ms: number;
  /** Requests Parley made to the IdP per timed login, by path (token endpoint 1; discovery, JWKS 0). */
  idpRequestsPerLogin: Record<string, number>;
}

/**
 * A real oidc-provider in this process (`startCodeFlowIdp`, which logs the requests it gets);
 * the bench uses its `client_secret_basic` client only (the popup URI and client JWK are unused).
 */
export function startBenchIdp(): Promise<CodeFlowIdp> {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const parleyClientJwk = {
    ...publicKey.export({ format: 'jwk' }),
    kid: 'bench-unused',
    alg: 'ES256',
    use: 'sig',
  };
  return startCodeFlowIdp({ popupRedirectUri: 'https://parley.invalid/unused', parleyClientJwk });
}

/**
 * The code-flow connector of the bench account for `idp` (`client_secret_basic`, plain http on
 * loopback: the bench config allows insecure IdP URLs).
 */
export function codeConnector(idp: CodeFlowIdp): Record<string, unknown> {
  return {
    id: CODE_CONNECTOR,
    issuer: idp.issuer,
    discoveryUrl: idp.discoveryUrl,
    clientId: CODE_IDP_CLIENTS.client_secret_basic.clientId,
    clientSecret: CODE_IDP_CLIENTS.client_secret_basic.clientSecret,
    redirectUris: [CODE_IDP_BRAND_REDIRECT],
    flows: ['code'],
  };
}

async function codes(idp: CodeFlowIdp, count: number, prefix: string): Promise<string[]> {
  const out: string[] = [];
  await inBatches(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      out.push((await idp.obtainCode({ method: 'client_secret_basic', login: `${prefix}-${i}` })).code);
    },
  );
  return out;
}

/**
 * Obtains authorization codes from the IdP (untimed: the brand page's part), 100 at a time, then
 * redeems each chunk with `POST /authenticate { code, redirectUri, connector }`, `concurrency` at a time, and
 * divides the server's CPU time over the successful logins. A warm-up of 20 logins first
 * (discovery, IdP JWKS, JIT). Each login is a distinct `sub` (a new consumer, as in production).
 */
export async function measureCodeFlowLogins(
  server: SpawnedServer,
  idp: CodeFlowIdp,
  options: { logins: number; concurrency: number },
): Promise<CodeFlowResult> {
  const url = `${server.url}/v1/accounts/${BENCH_ACCOUNT}/authenticate`;
  let failed = 0;
  const wall: number[] = [];
  const login = async (code: string) => {
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, redirectUri: CODE_IDP_BRAND_REDIRECT, connector: CODE_CONNECTOR }),
    });
    const body = await res.text();
    if (res.status !== 200) {
      if (failed++ === 0) console.error(`  code flow login failed: ${res.status} ${body.slice(0, 300)}`);
      return;
    }
    wall.push(performance.now() - started);
  };
  await inBatches(await codes(idp, 20, 'warm'), options.concurrency, login);
  failed = 0;
  wall.length = 0;
  let cpu = 0;
  const seen: Record<string, number> = {};
  // codes live 60 s at the IdP: obtain and redeem them in chunks, only redemptions are timed
  for (let done = 0; done < options.logins; done += CHUNK) {
    const chunk = await codes(idp, Math.min(CHUNK, options.logins - done), `bench-${done}`);
    const start = idp.requests.length;
    const cpuBefore = server.cpuSeconds();
    await inBatches(chunk, options.concurrency, login);
    cpu += server.cpuSeconds() - cpuBefore;
    for (const request of idp.requests.slice(start)) seen[request] = (seen[request] ?? 0) + 1;
  }
  const sorted = wall.sort((a, b) => a - b);
  return {
    logins: sorted.length,
    failed,
    cpuMicrosPerLogin: (cpu / Math.max(1, sorted.length)) * 1e6,
    p50Ms: sorted.length ? sorted[sorted.length >> 1]! : NaN,
    idpRequestsPerLogin: Object.fromEntries(
      Object.entries(seen).map(([path, n]) => [path, Number((n / Math.max(1, sorted.length)).toFixed(2))]),
    ),
  };
}
