import { rmSync } from 'node:fs';
import { writeBenchConfig } from './bench-config.ts';
import { spawnServer } from './spawn-server.ts';

/**
 * Starts Parley (`packages/server/src/main.ts`) on a fresh bench configuration, optionally with
 * agents and extra connectors; `cleanup()` removes the temp config and database.
 */
export async function startParley(
  ctx: { jwks: { url: string }; profileDir: string | undefined },
  workers: number,
  extra: Pick<Parameters<typeof writeBenchConfig>[0], 'agents' | 'connectors'> = {},
) {
  const files = writeBenchConfig({ jwksUri: ctx.jwks.url, workers, ...extra });
  const server = await spawnServer({
    script: 'packages/server/src/main.ts',
    args: ['--config', files.configPath],
    ...(ctx.profileDir ? { cpuProfDir: ctx.profileDir } : {}),
  });
  return { server, cleanup: () => rmSync(files.dir, { recursive: true, force: true }) };
}
