/**
 * `tsx packages/server/src/main.ts [--config <file>] [--port <n>]`: Parley alone (see
 * `start/run-parley-command.ts`). Without a configuration it serves the local default with no
 * brand; `npm start` runs the local demo's own entry instead, which starts Parley through the
 * same command beside the demo brand (docs/architecture.md).
 */
import { runParleyCommand } from './start/run-parley-command.ts';

void runParleyCommand({ argv: process.argv.slice(2) });
