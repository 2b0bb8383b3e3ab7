// Lint for the whole project: typescript-eslint's recommended rules, and the import rules that keep
// the architecture (design.md): the core imports nothing from Office, the DOM, Node or the
// renderers; the Office.js and .xlsx renderers never import each other; the layout does not import
// the flag (the flag builds on the layout, never the other way round, so they cannot form a circle).
import tseslint from 'typescript-eslint';

const NODE = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'crypto', 'stream', 'zlib', 'url', 'util', 'buffer', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/**', 'out/**', 'bin/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE, message: 'src/core is pure: no Node APIs.' },
            {
              group: ['exceljs', 'jszip', 'playwright-core', '@microsoft/office-js'],
              message: 'src/core is pure: no workbook, zip, browser or Office library.',
            },
            {
              group: [
                '**/excel/**',
                '**/excel',
                '**/xlsx/**',
                '**/xlsx',
                '**/taskpane/**',
                '**/commands/**',
                '**/dialog/**',
                '**/cli/**',
                '**/excel-double/**',
              ],
              message: 'src/core imports nothing from the hosts or renderers.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'Office', 'Excel', 'process', 'require'],
    },
  },
  {
    files: ['src/core/layout/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../ledger', '../ledger/*', '../flag', '../flag/*'],
              message: 'The layout does not import the flag or the ledger reader: they build on it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/excel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/xlsx/**', '**/xlsx'], message: 'The Office.js and .xlsx renderers never import each other.' }] },
      ],
    },
  },
  {
    files: ['src/xlsx/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/excel/**', '**/excel', '**/excel-double/**'], message: 'The Office.js and .xlsx renderers never import each other.' }] },
      ],
    },
  },
  {
    // The double implements Office.js's own signatures, which use any.
    files: ['src/excel-double/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
