/**
 * Worker thread that signs a slice of a token pool (RSA signing is ~1k/s per core, so pools
 * are minted on every core before any timing starts).
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { BenchAlg } from './brand-keys.ts';
import { signJws } from './jws-crypto.ts';

export interface MintJob {
  alg: BenchAlg;
  kid: string;
  privatePem: string;
  issuer: string;
  audience: string;
  /** Index of the first token (subjects are `bench-consumer-{index % subjects}`). */
  start: number;
  count: number;
  subjects: number;
  iat: number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function mint(job: MintJob): string[] {
  const key = createPrivateKey(job.privatePem);
  const header = b64({ alg: job.alg, kid: job.kid, typ: 'JWT' });
  const tokens: string[] = [];
  for (let i = job.start; i < job.start + job.count; i++) {
    const n = i % job.subjects;
    const payload = b64({
      iss: job.issuer,
      aud: job.audience,
      sub: `bench-consumer-${n}`,
      iat: job.iat,
      exp: job.iat + 3600,
      jti: randomUUID(),
      given_name: 'Bench',
      family_name: `Consumer ${n}`,
      email: `consumer-${n}@brand.example`,
      email_verified: true,
    });
    const input = `${header}.${payload}`;
    tokens.push(`${input}.${signJws(job.alg, Buffer.from(input), key).toString('base64url')}`);
  }
  return tokens;
}

parentPort?.postMessage(mint(workerData as MintJob));
