import { ConfigError, type ParleyConfig } from '@parley/core';
import { loadConfig } from '@parley/server/config';
import { parseArgs } from 'node:util';
import type { CliIo } from './commands.ts';

/** The validated config, or the exit code after printing usage (2) or `path: reason` lines (1). */
export function loadConfigOrReport(
  args: readonly string[],
  io: CliIo,
  command: string,
): ParleyConfig | number {
  const flag = parseConfigFlag(args);
  if (flag === false) {
    io.stderr.write(`usage: parley ${command} [--config <file>]\n`);
    return 2;
  }
  const file = flag ?? io.env.PARLEY_CONFIG;
  if (file === undefined || file.trim() === '') {
    io.stderr.write('no config file: pass --config <file> or set PARLEY_CONFIG\n');
    return 2;
  }
  try {
    return loadConfig({ configFlag: file, env: io.env }).config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.stderr.write(`${problem}\n`);
    return 1;
  }
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
