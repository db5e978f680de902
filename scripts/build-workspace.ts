/**
 * Builds the Agent Workspace (apps/workspace) when it is missing or older than its sources.
 * Run by `npm ci` / `npm install` (root `prepare`), by the test suite's global setup and by
 * `npm start`, so nobody has to remember a build command.
 */
import { ensureWorkspaceBuilt } from '@parley/server/workspace-build';

const built = await ensureWorkspaceBuilt();
process.stdout.write(
  built ? 'Agent Workspace built (apps/workspace/dist)\n' : 'Agent Workspace is up to date\n',
);
