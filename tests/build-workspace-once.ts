import { ensureWorkspaceBuilt } from '@parley/server/workspace-build';

/** Vitest global setup: the server tests and the e2e run serve the built Agent Workspace. */
export default async function setup(): Promise<void> {
  await ensureWorkspaceBuilt();
}
