import {
  createBrandKeySource,
  createIdpEndpointResolver,
  isHmacAlgorithm,
  isParleyError,
  systemClock,
  type ConnectorConfig,
  type IdpHttp,
  type ParleyConfig,
} from '@parley/core';
import { assertPublicIdpHost, type LookupAll } from '@parley/server/idp-host-guard';

/** One line of `parley doctor`: `ok` or `FAIL`, what was checked, and why (never a secret). */
export interface DoctorCheck {
  ok: boolean;
  /** `account/connector` */
  subject: string;
  check: string;
  detail: string;
}

/** The server's own IdP client (timeouts, size cap, SSRF guard) and, for tests, DNS. */
export interface DoctorDeps {
  idpHttp: IdpHttp;
  lookup?: LookupAll;
}

/**
 * Tests every connector of a loaded config against its IdP the way the server would use it:
 * IdP URL policy, discovery issuer, code/PKCE endpoints, and usable keys per allowed algorithm.
 * Uses core's key source and endpoint resolver over the server's IdpHttp, so what it reports
 * is what a running server would see.
 */
export async function runDoctor(config: ParleyConfig, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const account of config.accounts) {
    for (const connector of account.connectors) {
      const subject = `${account.id}/${connector.id}`;
      const add = (ok: boolean, check: string, detail: string) => checks.push({ ok, subject, check, detail });
      await checkUrlPolicy(connector, config.security.allowInsecureIdpUrls, deps.lookup, add);
      await checkDiscovery(connector, deps.idpHttp, add);
      await checkEndpoints(connector, deps.idpHttp, add);
      await checkKeys(connector, deps.idpHttp, add);
      addKeyCacheNote(connector, add);
    }
  }
  return checks;
}

type Add = (ok: boolean, check: string, detail: string) => void;

/** The URLs the server fetches must be https on public hosts, unless allowInsecureIdpUrls. */
async function checkUrlPolicy(
  connector: ConnectorConfig,
  allowInsecure: boolean,
  lookup: LookupAll | undefined,
  add: Add,
): Promise<void> {
  if (allowInsecure) {
    add(true, 'url policy', 'allowInsecureIdpUrls: http:// and private hosts permitted (dev/test only)');
    return;
  }
  const fetched = { discoveryUrl: connector.discoveryUrl, jwksUri: connector.jwksUri };
  const urls = Object.entries({ ...fetched, tokenEndpoint: connector.tokenEndpoint });
  for (const [name, url] of urls) {
    if (url === undefined) continue;
    try {
      await assertPublicIdpHost(new URL(url), lookup);
      add(true, 'url policy', `${name}: https on a public host`);
    } catch (err) {
      add(false, 'url policy', `${name}: ${reason(err)}`);
    }
  }
}

async function checkDiscovery(connector: ConnectorConfig, idpHttp: IdpHttp, add: Add): Promise<void> {
  if (connector.discoveryUrl === undefined) return;
  try {
    const doc = await idpHttp.getJson(connector.discoveryUrl, { timeoutMs: connector.idpTimeoutMs });
    const issuer = typeof doc === 'object' && doc !== null ? (doc as { issuer?: unknown }).issuer : undefined;
    if (issuer === connector.issuer) add(true, 'discovery', 'the document names the configured issuer');
    else
      add(false, 'discovery', `the document names issuer ${JSON.stringify(issuer)}, not the configured one`);
  } catch (err) {
    add(false, 'discovery', reason(err));
  }
}

/** code/pkce need a token endpoint; the popup needs an authorization endpoint (else it is off). */
async function checkEndpoints(connector: ConnectorConfig, idpHttp: IdpHttp, add: Add): Promise<void> {
  if (!connector.flows.includes('code') && !connector.flows.includes('pkce')) return;
  try {
    const endpoints = await createIdpEndpointResolver({ idpHttp, clock: systemClock }).resolve(connector);
    if (endpoints.tokenEndpoint !== undefined) add(true, 'token endpoint', 'present (code/pkce flows)');
    else add(false, 'token endpoint', 'missing from config and discovery: code/pkce logins cannot work');
    if (endpoints.authorizationEndpoint !== undefined) add(true, 'popup', 'authorization endpoint present');
    else add(true, 'popup', 'no authorization endpoint in config or discovery: the popup is disabled');
  } catch (err) {
    add(false, 'token endpoint', reason(err));
  }
}

/**
 * Usable keys per allowed algorithm, from publicKeys, sharedSecret and the JWKS. An algorithm
 * without a key is fine while another has one (the IdP signs with one); none at all is a FAIL.
 */
async function checkKeys(connector: ConnectorConfig, idpHttp: IdpHttp, add: Add): Promise<void> {
  const source = createBrandKeySource(connector, { idpHttp, clock: systemClock });
  const counts: [alg: string, count: number | string][] = [];
  for (const alg of connector.allowedAlgorithms) {
    try {
      counts.push([alg, (await source.keysFor(alg, undefined)).length]);
    } catch (err) {
      counts.push([alg, isParleyError(err, 'TOKEN_KEY_NOT_FOUND') ? 0 : reason(err)]);
    }
  }
  const anyKey = counts.some(([, count]) => typeof count === 'number' && count > 0);
  for (const [alg, count] of counts) {
    if (typeof count === 'string') add(false, `keys ${alg}`, count);
    else if (count > 0) add(true, `keys ${alg}`, isHmacAlgorithm(alg) ? 'sharedSecret' : plural(count));
    else add(anyKey, `keys ${alg}`, 'no usable key: tokens signed with it would be refused');
  }
}

/**
 * Always ok: what this run sees fresh, a running server may not see yet. Said because a key
 * replaced at the IdP looks like a broken signature until the server's cache catches up.
 */
function addKeyCacheNote(connector: ConnectorConfig, add: Add): void {
  const remote = connector.jwksUri !== undefined || connector.discoveryUrl !== undefined;
  if (remote) {
    add(
      true,
      'key cache',
      `running servers cache the JWKS for ${connector.jwksCacheSeconds} s (jwksCacheSeconds); ` +
        `a new kid or a key replaced under its kid is refetched at most every ` +
        `${connector.jwksRefreshCooldownSeconds} s (jwksRefreshCooldownSeconds)`,
    );
  } else if (connector.publicKeys.length > 0) {
    add(true, 'key cache', 'running servers read publicKeys at start: restart them after changing the keys');
  }
}

const plural = (n: number) => `${n} usable key${n === 1 ? '' : 's'}`;

/**
 * A ParleyError's detail names at most a URL origin, and core's TypeErrors name a config path;
 * any other error is reduced to its class, so nothing read from the IdP or config leaks.
 */
function reason(err: unknown): string {
  if (isParleyError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof TypeError) return err.message;
  return `unexpected ${err instanceof Error ? err.name : 'error'}`;
}
