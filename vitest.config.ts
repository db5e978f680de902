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
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
