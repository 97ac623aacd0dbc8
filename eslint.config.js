// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Node built-ins by exact name (`events`, `fs/promises`) and every `node:` import. Exact
// names, because a pattern `events` would also match a local `../run/events`.
/** @param {string} message */
const nodeBuiltinPaths = (message) => builtinModules.map((name) => ({ name, message }));
const nodeScheme = ['node:*'];

/** @param {string} message @param {string[]} group */
const forbid = (message, group) => ({ group, message });

/**
 * renderer/'s import rule; a sub-folder's config adds its own patterns (a later
 * flat-config entry replaces the rule's options, so each carries the base ones).
 * @param {...{ group: string[], message: string }} more
 */
const rendererImports = (...more) => ({
  paths: nodeBuiltinPaths('renderer/ runs in a browser context: no Node built-ins.'),
  patterns: [
    forbid('renderer/ runs in a browser context: no Node built-ins.', nodeScheme),
    forbid('renderer/ must not import Electron; use the host contract.', [
      'electron',
      'electron/*',
    ]),
    forbid('renderer/ reaches the back end only through the shared/ contract.', ['**/electron/**']),
    ...more,
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      'bench/results*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // shared/: pure code that runs in the browser and in Node.
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths('shared/ runs in the browser and in Node: no Node built-ins.'),
          patterns: [
            forbid('shared/ runs in the browser and in Node: no Node built-ins.', nodeScheme),
            forbid('shared/ must not depend on Electron, React or the UI.', [
              'electron',
              'electron/*',
              'react',
              'react-dom',
              'react/*',
              'react-dom/*',
              '@xyflow/*',
              'zustand',
              'zustand/*',
            ]),
            forbid('shared/ must not import from the layers above it.', [
              '**/electron/**',
              '**/renderer/**',
            ]),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'process',
        'Buffer',
        'require',
        '__dirname',
        'localStorage',
      ],
    },
  },
  // renderer/: a browser context; talks to the back end only through the contract.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', rendererImports()],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  // Inside renderer/: the stores know nothing of the app shell around them.
  {
    files: ['renderer/store/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        rendererImports(
          forbid('renderer/store/ must not import the app shell (renderer/app/).', [
            '**/app',
            '**/app/**',
          ]),
        ),
      ],
    },
  },
  // The canvas reaches the host (and the app's services) only through renderer/host/.
  {
    files: ['renderer/canvas/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        rendererImports(
          forbid('renderer/canvas/ must not import the app shell; use renderer/host/.', [
            '**/app',
            '**/app/**',
          ]),
          forbid('renderer/canvas/ reaches the host only through renderer/host/.', [
            '**/shared/contract/**',
          ]),
        ),
      ],
    },
  },
  // electron/: Node code; never the renderer.
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [forbid('electron/ must not import renderer code.', ['**/renderer/**'])] },
      ],
    },
  },
  // electron/server/: the web host stands beside the desktop shell and the CLI, not on them.
  {
    files: ['electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('electron/ must not import renderer code.', ['**/renderer/**']),
            forbid('electron/server/ must not import the desktop shell or the CLI.', [
              '**/main',
              '**/main/**',
              '**/preload/**',
              '**/cli',
              '**/cli/**',
            ]),
          ],
        },
      ],
    },
  },
  // electron/core/: the engine runs in plain Node (CLI, web host, tests): no Electron.
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('electron/core/ runs in plain Node: it must not import electron.', [
              'electron',
              'electron/*',
            ]),
            forbid('electron/core/ must not import renderer code.', ['**/renderer/**']),
            forbid('electron/core/ must not depend on the shell, host or CLI around it.', [
              '**/main/**',
              '**/preload/**',
              '**/server/**',
              '**/cli/**',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.{js,mjs,cjs}',
      'scripts/**',
      'tests/**',
      'bench/**',
      '*.config.ts',
      '**/*.test.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  // Test kits serve tests only: like tests, they may load the catalog from disk.
  {
    files: ['**/*TestKit.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
);
