// Lint, including the layer rule from DESIGN.md: renderer → shared; preload → shared;
// main → shared, core; core → shared. Never renderer → main, never core → electron.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import regexp from 'eslint-plugin-regexp'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'url',
  'worker_threads',
]
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Every pattern that reads imported text, queries or notes runs in linear time: no pattern
    // may backtrack super-linearly on hostile input (a line of 100,000 spaces or brackets).
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      ['electron', 'better-sqlite3', ...nodeBuiltins, '**/main/**', '**/renderer/**', '**/preload/**'],
      'src/shared is pure TypeScript: no electron, node:* or DOM, and no other layer.'
    ),
  },
  {
    files: ['src/main/core/**'],
    rules: restrict(
      ['electron', '**/renderer/**', '**/preload/**', '../cli', '../index', '../web/**', '../import-runner'],
      'The core is Electron-free and knows nothing of the shells around it.'
    ),
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/core/**'],
    rules: restrict(
      ['**/renderer/**', '**/preload/**'],
      'The main process never imports the renderer or preload.'
    ),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(
      ['**/main/**', '**/renderer/**', 'better-sqlite3'],
      'The preload only bridges to shared names.'
    ),
  },
  {
    // Solid assigns `ref={el}` variables itself, which this rule cannot see.
    files: ['src/renderer/**/*.tsx'],
    rules: { 'no-unassigned-vars': 'off' },
  },
  {
    files: ['src/renderer/**'],
    rules: restrict(
      ['electron', 'better-sqlite3', ...nodeBuiltins, '**/main/**', '**/preload/**'],
      'The renderer talks to the library only through src/renderer/src/api.ts and src/shared.'
    ),
  }
)
