#!/usr/bin/env node
// The `parley` command. The workspace has no build step: tsx loads the TypeScript sources.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
