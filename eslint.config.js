// ESLint: correctness rules + the dependency direction of docs/architecture.md, enforced per package.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const forbid = (...names) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: names.map((group) => ({
        group: [group],
        message: `docs/architecture.md: this package may not import ${group}`,
      })),
    },
  ],
});

// the examples are the outside world, and the local demo composes the server with one of them:
// nothing under packages/ or apps/ may depend on an example (by path or by package name)
const EXAMPLES = ['**/examples/**', '@parley/example-*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/results/**', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['packages/**', 'apps/**'],
    rules: forbid(...EXAMPLES),
  },
  {
    // the wire shapes: TypeBox schemas (JSON Schema + derived types) and nothing else
    files: ['packages/protocol/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!typebox$|\\.\\.?/)',
              message: 'docs/architecture.md: the protocol package may import only typebox',
            },
            ...EXAMPLES.map((group) => ({ group: [group], message: 'packages may not import an example' })),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**'],
    ignores: ['packages/core/src/**/*.test.ts', 'packages/core/src/testing/**'],
    rules: forbid(
      '@parley/storage',
      '@parley/server',
      'node:fs',
      'node:http',
      'node:net',
      'fastify',
      'better-sqlite3',
      'pg',
      'ioredis',
      'ws',
      ...EXAMPLES,
    ),
  },
  {
    files: ['packages/storage/src/**'],
    rules: forbid('@parley/server', 'fastify', ...EXAMPLES),
  },
  {
    // the consumer client runs in browsers and React Native: wire types only, no Node API
    files: ['packages/sdk/src/**'],
    ignores: ['packages/sdk/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // anything but @parley/protocol and the package's own relative files
              regex: '^(?!@parley/protocol$|\\.\\.?/)',
              message: 'docs/architecture.md: the sdk may import only @parley/protocol',
            },
            { group: EXAMPLES, message: 'docs/architecture.md: this package may not import examples/' },
          ],
        },
      ],
      // types only: the protocol module builds TypeBox JSON Schemas a browser bundle does not need
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parley/protocol',
              allowTypeImports: true,
              message: 'the sdk imports only types from @parley/protocol (restate constants in wire.ts)',
            },
          ],
        },
      ],
    },
  },
  {
    // the widget (bundled for /widget.js) and the Agent Workspace are browser code: the SDK and
    // wire types, nothing else of ours
    files: ['apps/widget/src/**', 'apps/workspace/**'],
    rules: {
      ...forbid(
        '@parley/core',
        '@parley/storage',
        '@parley/server',
        '@parley/cli',
        'node:*',
        '**/packages/**',
        ...EXAMPLES,
      ),
      // types only: a value import would bundle the protocol's TypeBox schemas into the page
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parley/protocol',
              allowTypeImports: true,
              message: 'browser code imports only types from @parley/protocol',
            },
          ],
        },
      ],
    },
  },
  {
    // examples are "the outside world": what a brand can `npm i` (the consumer SDK and the wire
    // types), never the server's insides (core, storage, server, cli)
    files: ['examples/**'],
    rules: forbid(
      '@parley/core',
      '@parley/core/*',
      '@parley/storage',
      '@parley/storage/*',
      '@parley/server',
      '@parley/server/*',
      '@parley/cli',
      '@parley/widget',
      '**/packages/**',
      '**/tests/**',
    ),
  },
  {
    // an example's own test may start a real Parley to run the example against
    files: ['examples/*/src/**/*.test.ts'],
    rules: forbid(
      '@parley/core',
      '@parley/core/*',
      '@parley/storage',
      '@parley/storage/*',
      '**/packages/**',
      '**/tests/**',
    ),
  },
  {
    // the local demo (`npm start`) is a composition root: Parley's declared entry points with the
    // demo brand, never a package's files or its internals (core, storage, cli)
    files: ['examples/brand-demo/src/local-demo/**'],
    rules: forbid(
      '@parley/*/src/**',
      '@parley/core',
      '@parley/core/*',
      '@parley/storage',
      '@parley/storage/*',
      '@parley/cli',
      '@parley/widget',
      '**/packages/**',
      '**/tests/**',
    ),
  },
  {
    // its test follows the demo IdP's login forms with core's test helper
    files: ['examples/brand-demo/src/local-demo/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@parley/core', message: 'docs/architecture.md: the local demo uses the server only' },
          ],
          patterns: [
            {
              group: ['@parley/*/src/**', '@parley/core/**', '!@parley/core/testing', '@parley/storage'],
              message: 'docs/architecture.md: the local demo test may import @parley/core/testing only',
            },
            ...forbid('@parley/cli', '@parley/widget', '**/packages/**', '**/tests/**')[
              'no-restricted-imports'
            ][1].patterns,
          ],
        },
      ],
    },
  },
  {
    files: ['examples/*/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        WebSocket: 'readonly',
        CSS: 'readonly',
        crypto: 'readonly',
      },
    },
  },
  {
    // cross-package flows use the packages' public entry points (and their /testing helpers) only
    files: ['tests/**'],
    rules: forbid('@parley/*/src/**', '**/packages/**', '**/examples/**'),
  },
);
