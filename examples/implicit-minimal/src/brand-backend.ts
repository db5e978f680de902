// The brand's backend, minimal: one signing key, its JWKS, and an endpoint that mints a
// Parley id_token for the signed-in customer (plain JWS, or a JWE to Parley with ?encrypt=1).
import { CompactEncrypt, SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BrandBackend {
  url: string;
  /** What `POST /id-token` answers, for scripts and tests in the same process. */
  mintIdToken(options?: { encrypt?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** The signed-in customer (a real backend reads its session). */
const CUSTOMER = {
  sub: 'cust-1001',
  name: 'Grace Hopper',
  given_name: 'Grace',
  family_name: 'Hopper',
  email: 'grace@example.com',
  email_verified: true,
  locale: 'en-US',
  account_number: '4000123412349876', // shown to agents as "…9876" (mask: last4 in the config)
  lp_sdes: [
    {
      type: 'ctmrinfo',
      info: { customerId: 'cust-1001', ctype: 'gold', cstatus: 'active', balance: -12.5, currency: 'USD' },
    },
    {
      type: 'personal',
      personal: {
        firstname: 'Grace',
        lastname: 'Hopper',
        language: 'en-US',
        contacts: [{ email: 'grace@example.com', phone: '+1 555 0100' }],
      },
    },
  ],
};

export async function startBrandBackend(options: {
  port: number;
  parleyUrl: string;
  account: string;
  clientId?: string;
}): Promise<BrandBackend> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `brand-${Date.now()}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  let issuer = '';

  async function mintIdToken({ encrypt = false } = {}): Promise<string> {
    const jws = await new SignJWT(CUSTOMER)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(options.clientId ?? 'parley')
      .setIssuedAt()
      .setExpirationTime('10m')
      .setJti(randomUUID())
      .sign(privateKey);
    return encrypt ? encryptToParley(jws) : jws;
  }

  /** Nested JWT: the signed id_token, encrypted to the account's published RSA-OAEP-256 key. */
  async function encryptToParley(jws: string): Promise<string> {
    const res = await fetch(`${options.parleyUrl}/v1/accounts/${options.account}/.well-known/jwks.json`);
    const { keys } = (await res.json()) as { keys: JWK[] };
    const jwk = keys.find((k) => k.alg === 'RSA-OAEP-256');
    if (!jwk) throw new Error('Parley publishes no RSA-OAEP-256 key');
    return new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: jwk.kid, cty: 'JWT' })
      .encrypt(await importJWK(jwk, 'RSA-OAEP-256'));
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path.pathname === '/.well-known/jwks.json') return send(200, jwks);
    if (req.method === 'POST' && path.pathname === '/id-token') {
      mintIdToken({ encrypt: path.searchParams.get('encrypt') === '1' }).then(
        (idToken) => send(200, { idToken }),
        () => send(502, { error: 'could not mint the id_token' }),
      );
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = url; // the connector's `issuer` in parley.config.json
  return {
    url,
    mintIdToken,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// `npx tsx examples/implicit-minimal/src/brand-backend.ts`
if (import.meta.url === `file://${process.argv[1]}`) {
  const brand = await startBrandBackend({
    port: Number(process.env.BRAND_PORT ?? 4001),
    parleyUrl: process.env.PARLEY_URL ?? 'http://127.0.0.1:3000',
    account: 'acme',
  });
  console.log(`brand backend on ${brand.url}: GET /.well-known/jwks.json, POST /id-token[?encrypt=1]`);
}
