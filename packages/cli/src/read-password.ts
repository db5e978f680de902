import type { Readable, Writable } from 'node:stream';

/** The terminal-ish streams the password is read from (process.stdin / process.stderr). */
export interface PasswordInput {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Where the prompt goes (stderr, so stdout carries only the hash). */
  prompt: Writable;
}

/**
 * Reads a password — never from argv, where it would land in shell history and `ps`. On a TTY
 * it prompts twice without echo; otherwise it reads all of stdin and drops one trailing newline
 * (`printf '%s' pw | parley ...` and `echo pw | parley ...` give the same hash).
 */
export async function readPassword(io: PasswordInput): Promise<string> {
  if (io.stdin.isTTY && io.stdin.setRawMode) {
    const first = await promptHidden(io, 'Password: ');
    const again = await promptHidden(io, 'Repeat password: ');
    if (first !== again) throw new Error('the passwords do not match');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** One line from a raw-mode TTY, echoing nothing; Ctrl-C or Ctrl-D aborts. */
function promptHidden(io: PasswordInput, label: string): Promise<string> {
  io.prompt.write(label);
  io.stdin.setRawMode?.(true);
  io.stdin.resume();
  return new Promise((resolve, reject) => {
    let line = '';
    const done = (err: Error | null) => {
      io.stdin.off('data', onData);
      io.stdin.setRawMode?.(false);
      io.stdin.pause();
      io.prompt.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003' || char === '\u0004') return done(new Error('aborted'));
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else line += char;
      }
    };
    io.stdin.on('data', onData);
  });
}
