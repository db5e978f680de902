import { isParleyError } from '@parley/core';
import { hashPassword } from '@parley/server/agents';
import { createFetchIdpHttp } from '@parley/server/idp-http';
import type { Writable } from 'node:stream';
import { runDoctor } from './doctor.ts';
import { readPassword, type PasswordInput } from './read-password.ts';
import { inspectToken } from './token-inspect.ts';
import { loadConfigOrReport } from './load-config-or-report.ts';

/** What a command may touch; `main` passes the process's streams and environment. */
export interface CliIo extends PasswordInput {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/**
 * `parley agent hash-password`: prints the scrypt hash (`scrypt$N$r$p$salt$hash`) that
 * `agents[].passwordHash` accepts, made by the server's own `hashPassword`.
 */
export async function hashPasswordCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) {
    io.stderr.write('parley agent hash-password takes no arguments: the password is read from stdin\n');
    return 2;
  }
  const password = await readPassword(io);
  if (password.length === 0) {
    io.stderr.write('empty password\n');
    return 1;
  }
  io.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

/**
 * `parley config check [--config <file>]` (or `PARLEY_CONFIG`): validates the file as the
 * server would at start-up (`${ENV}` interpolation included). Prints `ok`, or one
 * `path: reason` line per problem on stderr and exits 1. Never prints a config value.
 */
export async function configCheckCommand(args: readonly string[], io: CliIo): Promise<number> {
  const loaded = loadConfigOrReport(args, io, 'config check');
  if (typeof loaded === 'number') return loaded;
  io.stdout.write('ok\n');
  return 0;
}

/**
 * `parley doctor [--config <file>]`: loads the config as `config check` does, then tests every
 * connector against its IdP with the server's own IdP client ({@link runDoctor}). One
 * `ok`/`FAIL` line per check on stdout; exit 1 if any check failed.
 */
export async function doctorCommand(args: readonly string[], io: CliIo): Promise<number> {
  const loaded = loadConfigOrReport(args, io, 'doctor');
  if (typeof loaded === 'number') return loaded;
  const { allowInsecureIdpUrls } = loaded.security;
  const checks = await runDoctor(loaded, { idpHttp: createFetchIdpHttp({ allowInsecureIdpUrls }) });
  for (const c of checks) io.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.subject} ${c.check}: ${c.detail}\n`);
  if (checks.length === 0) io.stdout.write('ok   no connectors to check\n');
  return checks.every((c) => c.ok) ? 0 : 1;
}

/**
 * `parley token inspect`: reads one compact JWS/JWE from stdin (never argv: a token in the
 * shell history is a leak) and prints the decoded header, claims and warnings as JSON. It
 * verifies nothing and says so; exit 1 with `TOKEN_MALFORMED` when the token cannot be decoded.
 */
export async function tokenInspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) {
    io.stderr.write('parley token inspect takes no arguments: the token is read from stdin\n');
    return 2;
  }
  if (io.stdin.isTTY) io.prompt.write('Paste the token, then press Enter and Ctrl-D:\n');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  const token = Buffer.concat(chunks).toString('utf8').trim();
  try {
    const inspection = inspectToken(token, Date.now());
    io.stderr.write('NOT VERIFIED: the signature is not checked (and a JWE is not decrypted)\n');
    for (const warning of inspection.warnings) io.stderr.write(`warning: ${warning}\n`);
    io.stdout.write(`${JSON.stringify(inspection, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!isParleyError(err)) throw err;
    io.stderr.write(`${err.code}: ${err.message}\n`);
    return 1;
  }
}
