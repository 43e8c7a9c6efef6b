import { resolve } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.cjs', 'packages/analysis/models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./.config/tsconfig.json'], tsconfigRootDir: resolve(import.meta.dirname, '..') },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Services log through pino; console output belongs to CLIs, scripts, benches and tests only.
    files: ['services/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['packages/cli/src/**', 'packages/mongo-double/src/bin.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['**/*.js'],
    ignores: ['packages/*/public/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Browser code served as is. It shows attacker-controlled comments, so nothing may parse a string as HTML.
    files: ['packages/*/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln', 'createContextualFragment', 'setHTMLUnsafe'].map((property) => ({
          property,
          message: 'Comment data is attacker-controlled: build nodes with createElement and put strings in as text.',
        })),
      ],
      'no-restricted-globals': ['error', { name: 'localStorage', message: 'The API key lives in sessionStorage only.' }],
    },
  },
);
