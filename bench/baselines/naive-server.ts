/**
 * The naive reference server: what a quick integration would look like. Express +
 * jsonwebtoken, the brand's PEM string handed to `jwt.verify` on every request (so the key is
 * parsed per request, no cache), then the same database writes Parley does (replay record,
 * consumer find-or-create, verified claims, session row) through the same SQLite adapters, and
 * an HS256 session token. Configured by env: NAIVE_DB (SQLite file), NAIVE_PEMS (JSON
 * `{ kid: pem }`), NAIVE_ISSUER, NAIVE_AUDIENCE. Prints `listening on <url>` like Parley.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import jwt from 'jsonwebtoken';
import { openSqliteStores } from '@parley/storage';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new TypeError(`${name} is required`);
  return value;
};

const stores = openSqliteStores({ path: env('NAIVE_DB') });
const pems = JSON.parse(env('NAIVE_PEMS')) as Record<string, string>;
const issuer = env('NAIVE_ISSUER');
const audience = env('NAIVE_AUDIENCE');
const sessionSecret = randomBytes(32);

const app = express();
app.use(express.json({ limit: '64kb' }));
app.post('/v1/accounts/:account/authenticate', async (req, res) => {
  try {
    const token = String(req.body?.idToken ?? '');
    const decoded = jwt.decode(token, { complete: true });
    const pem = pems[String(decoded?.header.kid)];
    if (!pem) return res.status(401).json({ code: 'TOKEN_KEY_NOT_FOUND' });
    const claims = jwt.verify(token, pem, {
      algorithms: ['RS256', 'ES256', 'EdDSA' as never],
      issuer,
      audience,
    }) as jwt.JwtPayload;
    const now = Date.now();
    const accountId = req.params.account;
    if (
      !(await stores.replay.remember(`idt:${accountId}:main:jti:${claims.jti}`, (claims.exp! + 30) * 1000))
    ) {
      return res.status(401).json({ code: 'TOKEN_REPLAYED' });
    }
    const consumer = await stores.consumers.findOrCreateByIdentity({
      accountId,
      issuer,
      subject: claims.sub!,
      newId: randomUUID(),
      now,
    });
    await stores.consumers.saveVerifiedClaims({ accountId, consumerId: consumer.id, claims, now });
    const expiresAt = Math.min(claims.exp!, Math.floor(now / 1000) + 3600);
    const sessionId = randomUUID();
    await stores.sessions.create({
      id: sessionId,
      accountId,
      consumerId: consumer.id,
      authenticated: true,
      connectorId: 'main',
      brandSid: null,
      brandSub: null,
      createdAt: now,
      expiresAt: expiresAt * 1000,
      revokedAt: null,
    });
    // Parley audits every login (docs/audit.md): the same write here keeps "same DB writes" true.
    await stores.audit.record({
      id: randomUUID(),
      accountId,
      at: now,
      type: 'consumer.login',
      consumerId: consumer.id,
      sessionId,
      connectorId: 'main',
      flow: 'implicit',
    });
    const sessionToken = jwt.sign({ acc: accountId, cid: consumer.id, auth: true }, sessionSecret, {
      algorithm: 'HS256',
      jwtid: sessionId,
      issuer: 'parley',
      expiresIn: expiresAt - Math.floor(now / 1000),
    });
    return res.json({
      consumerId: consumer.id,
      sessionToken,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      authenticated: true,
      consumer: { displayName: claims.name ?? null },
    });
  } catch {
    return res.status(401).json({ code: 'TOKEN_INVALID' });
  }
});

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => stores.close().then(() => process.exit(0))));
