import { ConfigError, isParleyError, type ParleyConfig } from '@parley/core';
import { parseArgs } from 'node:util';
import { hashPassword } from '@parley/server/agents';
import { createFetchIdpHttp } from '@parley/server/idp-http';
import type { Writable } from 'node:stream';
import { runDoctor } from './doctor.ts';
import { readPassword, type PasswordInput } from './read-password.ts';
import { inspectToken } from './token-inspect.ts';
import { verifyWithConfig } from './token-verify.ts';
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
 * `parley token inspect [--config <file>] [--account <id>]`: reads one compact JWS/JWE from
 * stdin (never argv: a token in the shell history is a leak). Without `--config` it prints the
 * decoded header, claims and warnings as JSON and says it verified nothing; exit 1 with
 * `TOKEN_MALFORMED` when the token cannot be decoded. With `--config` it verifies the token as
 * the server would ({@link verifyWithConfig}) and prints `ok: verified` (exit 0) or the
 * catalogue code the server would answer (exit 1). Nothing is recorded either way.
 */
export async function tokenInspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseInspectFlags(args);
  if (flags === false) {
    io.stderr.write(
      'usage: parley token inspect [--config <file>] [--account <id>] (the token is read from stdin)\n',
    );
    return 2;
  }
  let config: ParleyConfig | undefined;
  if (flags.config !== undefined) {
    const loaded = loadConfigOrReport(['--config', flags.config], io, 'token inspect');
    if (typeof loaded === 'number') return loaded;
    config = loaded;
  }
  const token = await readToken(io);
  try {
    if (config !== undefined) return await verifyAndReport(token, config, flags.account, io);
    const inspection = inspectToken(token, Date.now());
    io.stderr.write('NOT VERIFIED: the signature is not checked (and a JWE is not decrypted)\n');
    for (const warning of inspection.warnings) io.stderr.write(`warning: ${warning}\n`);
    io.stdout.write(`${JSON.stringify(inspection, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) io.stderr.write(`${problem}\n`);
      return 1;
    }
    if (!isParleyError(err)) throw err;
    io.stderr.write(`${err.code}: ${err.message}\n`);
    return 1;
  }
}

async function verifyAndReport(
  token: string,
  config: ParleyConfig,
  account: string | undefined,
  io: CliIo,
): Promise<number> {
  const verified = await verifyWithConfig(token, {
    config,
    env: io.env,
    ...(account === undefined ? {} : { account }),
  });
  io.stdout.write(
    `ok: verified (connector ${verified.connectorId}, ${verified.encrypted ? 'JWE' : 'JWS'}, expires ${new Date(
      verified.expiresAt * 1000,
    ).toISOString()}; not recorded: the server still accepts it once)\n`,
  );
  return 0;
}

async function readToken(io: CliIo): Promise<string> {
  if (io.stdin.isTTY) io.prompt.write('Paste the token, then press Enter and Ctrl-D:\n');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').trim();
}

function parseInspectFlags(args: readonly string[]): { config?: string; account?: string } | false {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { config: { type: 'string' }, account: { type: 'string' } },
      strict: true,
    });
    if (values.account !== undefined && values.config === undefined) return false;
    return values;
  } catch {
    return false;
  }
}
