import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Agent Workspace is served by Parley under `/workspace/` (packages/server/src/workspace):
 * built once by `npm ci` (root `prepare`), again by `npm start` or the tests when stale.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/workspace/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the page runs under a CSP without inline scripts: no inlined module preload helpers
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
