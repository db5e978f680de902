import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Agent Workspace app (apps/workspace) and its built files, served at `/workspace/`. */
export const WORKSPACE_APP_DIR = fileURLToPath(new URL('../../../../apps/workspace/', import.meta.url));
export const WORKSPACE_DIST_DIR = join(WORKSPACE_APP_DIR, 'dist');
const PROTOCOL_SRC_DIR = fileURLToPath(new URL('../../../protocol/src/', import.meta.url));

/** Newest modification time (ms) of a file or of every file under a directory. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when the built workspace is missing or older than any of its sources. */
export function isWorkspaceBuildStale(): boolean {
  const built = join(WORKSPACE_DIST_DIR, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    join(WORKSPACE_APP_DIR, p),
  );
  const newestSource = Math.max(...sources.map(newestMtime), newestMtime(PROTOCOL_SRC_DIR));
  return newestSource > statSync(built).mtimeMs;
}

/**
 * Builds the workspace with Vite into a temporary directory, then swaps it in, so a server
 * reading `dist` never sees half a build. Vite is a development dependency: without it (an
 * install without dev dependencies) this throws and the caller decides.
 */
export async function buildWorkspace(): Promise<void> {
  const { build } = await import('vite');
  const temp = `${WORKSPACE_DIST_DIR}.tmp-${process.pid}`;
  // a production build even where NODE_ENV says otherwise (vitest sets "test"): both React and
  // the JSX transform (jsx vs jsxDEV) read it, so it is set for the build and restored after
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(WORKSPACE_APP_DIR, 'vite.config.ts'),
      mode: 'production',
      build: { outDir: temp, emptyOutDir: true },
      logLevel: 'warn',
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  rmSync(WORKSPACE_DIST_DIR, { recursive: true, force: true });
  renameSync(temp, WORKSPACE_DIST_DIR);
}

/** Builds when missing or stale; returns whether it built. */
export async function ensureWorkspaceBuilt(): Promise<boolean> {
  if (!isWorkspaceBuildStale()) return false;
  await buildWorkspace();
  return true;
}
