/**
 * Raw crypto ceilings, measured in a child process on one core (a synchronous loop, nothing
 * else running in it): `node --import tsx bench/lib/raw-crypto.ts <op> <ms>` prints
 * `{"op","opsPerSec"}`. Ops: RS256 / ES256 / EdDSA verify with a cached KeyObject, and
 * RSA-OAEP-256 (2048-bit) decryption of a content key.
 */
import {
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  constants,
  type KeyObject,
} from 'node:crypto';
import { signJws, verifyJws } from './jws-crypto.ts';
import type { BenchAlg } from './brand-keys.ts';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './spawn-server.ts';

export type RawOp = BenchAlg | 'RSA-OAEP-256';
export const RAW_OPS: readonly RawOp[] = ['RS256', 'ES256', 'EdDSA', 'RSA-OAEP-256'];

function keyPair(op: RawOp): { privateKey: KeyObject; publicKey: KeyObject } {
  if (op === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (op === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function loop(ms: number, body: (i: number) => void): number {
  for (let i = 0; i < 200; i++) body(i); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 16; k++) body(n++);
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

function measure(op: RawOp, ms: number): number {
  const { privateKey, publicKey } = keyPair(op);
  if (op === 'RSA-OAEP-256') {
    const oaep = { key: privateKey, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING };
    const wrapped = Array.from({ length: 64 }, () =>
      publicEncrypt({ ...oaep, key: publicKey }, randomBytes(32)),
    );
    return loop(ms, (i) => privateDecrypt(oaep, wrapped[i % wrapped.length]!));
  }
  const inputs = Array.from({ length: 64 }, (_, i) =>
    Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${randomBytes(300).toString('base64url')}${i}`),
  );
  const signatures = inputs.map((input) => signJws(op, input, privateKey));
  return loop(ms, (i) => {
    if (!verifyJws(op, inputs[i % 64]!, publicKey, signatures[i % 64]!)) throw new Error('raw verify failed');
  });
}

/**
 * Runs {@link measure} in a fresh child process and returns ops/s (one core, synchronous).
 *
 * @example
 * ```ts
 * const rs256 = measureRaw('RS256', 2000); // e.g. 25000
 * ```
 */
export function measureRaw(op: RawOp, ms: number): number {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/lib/raw-crypto.ts', op, String(ms)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`raw crypto ${op} failed: ${result.stderr}`);
  return (JSON.parse(result.stdout.trim().split('\n').pop()!) as { opsPerSec: number }).opsPerSec;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const op = process.argv[2] as RawOp;
  if (!RAW_OPS.includes(op)) throw new TypeError(`unknown op ${op}`);
  console.log(JSON.stringify({ op, opsPerSec: measure(op, Number(process.argv[3] ?? 2000)) }));
}
