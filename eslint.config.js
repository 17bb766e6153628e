// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Imports flow one way (ARCHITECTURE.md "Layout"); this table is the lint rule that enforces it. */
const forbidden = {
  'src/core/**': ['**/connectors/**', '**/store/**', '**/sync/**', '**/detection/**', '**/governance/**', '**/posture/**', '**/api/**', '**/cli/**', '**/demo/**'],
  'src/connectors/sdk/**': ['**/store/**', '**/sync/**', '**/detection/**', '**/governance/**', '**/posture/**', '**/api/**', '**/cli/**', '**/demo/**', '**/registry.js', '**/catalog.js'],
  'src/connectors/!(sdk)/**': ['**/store/**', '**/sync/**', '**/detection/**', '**/governance/**', '**/posture/**', '**/api/**', '**/cli/**', '**/demo/**', '**/registry.js', '**/catalog.js'],
  'src/store/**': ['**/connectors/**', '**/sync/**', '**/detection/**', '**/governance/**', '**/posture/**', '**/api/**', '**/cli/**', '**/demo/**'],
  'src/detection/**': ['**/connectors/**', '**/api/**', '**/cli/**', '**/sync/**', '**/demo/**'],
  'src/sync/**': ['**/api/**', '**/cli/**', '**/demo/**', '**/registry.js', '**/catalog.js'],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'web/dist/**', '.tmp/**', '.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', URLSearchParams: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  ...Object.entries(forbidden).map(([files, patterns]) => ({
    files: [files],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message: 'This import breaks the one-way layering in ARCHITECTURE.md.' })) }] },
  })),
  { files: ['src/cli/**', 'bench/**', 'bin/**'], rules: { 'no-console': 'off' } },
  // The portal runs in the browser and reaches the server only over /api: it may import src/core (types, and constants such as which verdicts are benign, so the two cannot drift), nothing else of src/.
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/!(core)/**'], message: 'The portal talks to the server over the API; only src/core may be imported.' }] }] },
  },
  { files: ['**/*.test.ts', 'test/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);
