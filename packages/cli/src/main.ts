import { pathToFileURL } from 'node:url';
import {
  configCheckCommand,
  doctorCommand,
  hashPasswordCommand,
  tokenInspectCommand,
  type CliIo,
} from './commands.ts';
import { keysRotateCommand } from './keys-rotate.ts';

const USAGE = `usage: parley <command>

  agent hash-password             read a password from stdin (or a TTY prompt) and print
                                  the scrypt hash for agents[].passwordHash
  config check [--config <file>]  validate a config file (default: $PARLEY_CONFIG);
                                  prints ok, or path: reason lines and exits 1
  keys rotate [--config <file>] [--account <id>] [--kind consumer|agent]
                                  new current session signing key per account and kind
                                  (default: all); old keys verify until their tokens expire
  doctor [--config <file>]        test every connector against its IdP (discovery issuer,
                                  endpoints, keys per algorithm, URL policy); ok/FAIL lines,
                                  exit 1 on any FAIL
  token inspect [--config <file> [--account <id>]]
                                  read a compact JWS/JWE from stdin; without --config print
                                  its header, claims and warnings as JSON (verifies nothing);
                                  with it verify as the server would (ok: verified, or the
                                  error code and exit 1), recording nothing
`;

/**
 * The `parley` command (docs/architecture.md). Returns the exit code: 0 ok, 1 the check or input
 * failed, 2 usage error.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [group, command, ...rest] = argv;
  try {
    if (group === 'agent' && command === 'hash-password') return await hashPasswordCommand(rest, io);
    if (group === 'config' && command === 'check') return await configCheckCommand(rest, io);
    if (group === 'keys' && command === 'rotate') return await keysRotateCommand(rest, io);
    if (group === 'doctor') return await doctorCommand(command === undefined ? [] : [command, ...rest], io);
    if (group === 'token' && command === 'inspect') return await tokenInspectCommand(rest, io);
  } catch (err) {
    io.stderr.write(`parley: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const help = group === undefined || group === 'help' || group === '--help' || group === '-h';
  (help ? io.stdout : io.stderr).write(USAGE);
  return help ? 0 : 2;
}

function processIo(): CliIo {
  return {
    stdin: process.stdin,
    prompt: process.stderr,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
}

// `npm run parley -- ...` runs this file directly; the `parley` bin imports it instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
