import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ConfigError, type ParleyConfig } from '@parley/core';
import { createKeyCipher, type KeyCipher } from '@parley/storage';

/** The environment variable holding the master key: 32 random bytes, base64url (or base64). */
export const MASTER_KEY_ENV = 'PARLEY_MASTER_KEY';

const FORMAT_HINT =
  'must be 32 random bytes in base64url (43 characters), e.g. the output of: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"';

/** Where the master key came from (the start-up warning and `parley keys rotate` say it). */
export type MasterKeySource = 'env' | 'file' | 'memory' | 'none';

/** The key cipher of a deployment, and where its master key came from. */
export interface MasterKey {
  /** undefined with memory storage (nothing at rest). */
  cipher: KeyCipher | undefined;
  source: MasterKeySource;
  /** The key file read or generated (`source: "file"`). */
  file?: string;
}

/**
 * The master key that seals private keys at rest (docs/production.md): `PARLEY_MASTER_KEY`
 * when set (a bad value is a start-up ConfigError); else, for SQLite, a key file beside the
 * database (`./data/parley.db` → `./data/parley.master-key`), generated 0600 on first start, with
 * `onGenerated`/`onFileKey` told so the caller warns; for `:memory:` SQLite a random key.
 * PostgreSQL requires the variable: every node must decrypt the same keys.
 *
 * @throws ConfigError naming `PARLEY_MASTER_KEY` or the key file.
 * @example
 * ```ts
 * const { cipher } = resolveMasterKey({ storage: config.storage, env: process.env });
 * const stores = await openStores(config.storage, { keyCipher: cipher });
 * ```
 */
export function resolveMasterKey(options: {
  storage: ParleyConfig['storage'];
  env: Record<string, string | undefined>;
}): MasterKey {
  const { storage, env } = options;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { cipher: createKeyCipher(decodeMasterKey(fromEnv, MASTER_KEY_ENV)), source: 'env' };
  }
  switch (storage.driver) {
    case 'memory':
      return { cipher: undefined, source: 'none' };
    case 'postgres':
      throw new ConfigError([
        `${MASTER_KEY_ENV}: required with storage.driver "postgres" (every node must decrypt the same keys); ${FORMAT_HINT}`,
      ]);
    case 'sqlite': {
      if (storage.path === ':memory:' || storage.path === '') {
        return { cipher: createKeyCipher(randomBytes(32)), source: 'memory' };
      }
      const file = masterKeyFileFor(storage.path);
      return { cipher: createKeyCipher(readOrCreateKeyFile(file)), source: 'file', file };
    }
  }
}

/** `./data/parley.db` → `./data/parley.master-key`. */
export function masterKeyFileFor(databasePath: string): string {
  const name = basename(databasePath, extname(databasePath));
  return join(dirname(databasePath), `${name}.master-key`);
}

function decodeMasterKey(value: string, where: string): Uint8Array {
  const text = value.trim();
  const bytes = /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) throw new ConfigError([`${where}: ${FORMAT_HINT}`]);
  return bytes;
}

function readOrCreateKeyFile(file: string): Uint8Array {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      // 'wx': when two processes start at once, the second reads the first one's key
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `${file}: cannot read the master key file (${(err as NodeJS.ErrnoException).code})`,
    ]);
  }
  return decodeMasterKey(text, file);
}

let warned = false;

/**
 * Logs, once per process, that the master key is a generated file beside the database: whoever
 * copies the data directory (a backup) gets both. Cluster workers leave it to the primary.
 */
export function warnAboutMasterKeyFile(
  masterKey: MasterKey,
  logger: { warn(obj: object, msg: string): void },
  isWorker = false,
): void {
  if (masterKey.source !== 'file' || warned || isWorker) return;
  warned = true;
  logger.warn(
    { file: masterKey.file },
    `${MASTER_KEY_ENV} is not set: private keys are encrypted with the key file beside the database; keep that file out of database backups, or set ${MASTER_KEY_ENV} (docs/production.md)`,
  );
}
