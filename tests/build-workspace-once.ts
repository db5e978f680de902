import { ensureWorkspaceBuilt } from '../packages/server/src/workspace/workspace-build.ts';

/** Vitest global setup: the server tests and the e2e run serve the built Agent Workspace. */
export default async function setup(): Promise<void> {
  await ensureWorkspaceBuilt();
}
