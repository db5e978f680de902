import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'tests/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'apps/*/src/**/*.test.{ts,tsx}',
    ],
    // the Agent Workspace is built (when missing or stale) before any test serves it
    globalSetup: ['tests/build-workspace-once.ts'],
    // Vitest's default on 2 cores is one worker, but most test files wait on sockets, IdPs and
    // timers rather than the CPU: 3 workers ran the whole suite in 294 s instead of 425 s here.
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
