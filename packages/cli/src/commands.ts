import { ConfigError } from '@parley/core';
import { hashPassword } from '@parley/server/agents';
import { loadConfig } from '@parley/server/config';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { readPassword, type PasswordInput } from './read-password.ts';

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
  const flag = parseConfigFlag(args);
  if (flag === false) {
    io.stderr.write('usage: parley config check [--config <file>]\n');
    return 2;
  }
  const file = flag ?? io.env.PARLEY_CONFIG;
  if (file === undefined || file.trim() === '') {
    io.stderr.write('no config file: pass --config <file> or set PARLEY_CONFIG\n');
    return 2;
  }
  try {
    loadConfig({ configFlag: file, env: io.env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.stderr.write(`${problem}\n`);
    return 1;
  }
  io.stdout.write('ok\n');
  return 0;
}

/**
 * The `--config` value (`--config f` or `--config=f`, parsed by node:util like the server's
 * own flags), undefined when absent, false for anything else (unknown flag, no value, positional).
 */
function parseConfigFlag(args: readonly string[]): string | undefined | false {
  try {
    return parseArgs({ args: [...args], options: { config: { type: 'string' } }, strict: true }).values
      .config;
  } catch {
    return false;
  }
}
