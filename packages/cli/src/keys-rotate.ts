import { parseArgs } from 'node:util';
import { ConfigError, SESSION_KINDS, type SessionKind } from '@parley/core';
import { rotateSigningKeys } from '@parley/server/keys';
import type { CliIo } from './commands.ts';
import { loadConfigOrReport } from './load-config-or-report.ts';

const USAGE = 'usage: parley keys rotate [--config <file>] [--account <id>] [--kind consumer|agent]\n';

/**
 * `parley keys rotate [--config <file>] [--account <id>] [--kind consumer|agent]`: a new
 * current session signing key per selected account and token kind (default: all of both), with
 * the deployment's master key (`PARLEY_MASTER_KEY` or the key file beside the SQLite database).
 * Prints one `rotated <account> <kind>: <kid>` line each, plus the retired keys it purged; never
 * key material.
 */
export async function keysRotateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args);
  if (flags === false) {
    io.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfigOrReport(
    flags.config === undefined ? [] : ['--config', flags.config],
    io,
    'keys rotate',
  );
  if (typeof config === 'number') return config;
  try {
    const rotated = await rotateSigningKeys({
      config,
      env: io.env,
      ...(flags.account === undefined ? {} : { account: flags.account }),
      ...(flags.kind === undefined ? {} : { kind: flags.kind }),
    });
    for (const r of rotated) {
      const purged = r.purged.length === 0 ? '' : ` (purged ${r.purged.join(', ')})`;
      io.stdout.write(`rotated ${r.account} ${r.kind}: ${r.kid}${purged}\n`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.stderr.write(`${problem}\n`);
    return 1;
  }
}

function parseFlags(
  args: readonly string[],
): { config?: string; account?: string; kind?: SessionKind } | false {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { config: { type: 'string' }, account: { type: 'string' }, kind: { type: 'string' } },
      strict: true,
    });
    if (values.kind !== undefined && !SESSION_KINDS.includes(values.kind as SessionKind)) return false;
    return values as { config?: string; account?: string; kind?: SessionKind };
  } catch {
    return false;
  }
}
