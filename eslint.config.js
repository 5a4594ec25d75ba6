import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The core (src/) knows no chat platform: it never imports an adapter, a chat SDK or the composition
// root (app/), which is the one place that wires them together. test/architecture/boundaries.test.ts
// proves these rules fire.
const CORE_BOUNDARY = 'src/ knows no chat platform: put platform code in adapters/ and wiring in app/.';
const FORBIDDEN_IN_CORE = [
  { group: ['**/adapters/**', '**/adapters'], message: CORE_BOUNDARY },
  { group: ['**/app/**', '**/app'], message: CORE_BOUNDARY },
  { group: ['@slack/*', 'botbuilder', 'botbuilder-*', 'botframework-*'], message: CORE_BOUNDARY },
];

const DATABASE_OUTSIDE_STORE = {
  group: ['better-sqlite3'],
  message: 'Only src/store/ talks to the database: add a method to the store (src/store/index.ts).',
};

// Data flows one way (fetch → parse → normalise → tag → store → select → render → post): the store
// stores the finished records ingest hands it and works nothing out itself, so it imports no logic
// from the stages before or after it (types are fine).
const STORE_ONE_WAY = {
  group: ['**/ingest/**', '**/tagging/**', '**/topics/**', '**/agenda/**', '**/sources/**', '**/llm/**'],
  message:
    'The store only stores: work this out in the pipeline (src/ingest/records.ts) and hand the store the result.',
  allowTypeImports: true,
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // A promise nobody awaits loses its error (an unhandled rejection ends the process) and a promise
    // handed to a callback that expects void is never awaited: both need the type checker to see.
    files: ['src/**/*.ts', 'app/**/*.ts', 'adapters/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Only the store opens the database (test/architecture/sql.test.ts also checks for SQL text).
    files: ['src/**/*.ts', 'app/**/*.ts', 'adapters/**/*.ts'],
    ignores: ['src/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DATABASE_OUTSIDE_STORE] }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...FORBIDDEN_IN_CORE, DATABASE_OUTSIDE_STORE] }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...FORBIDDEN_IN_CORE, STORE_ONE_WAY] }] },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // import('…') is not an import declaration, so the same boundary for dynamic imports.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportExpression[source.value=/(^|\\/)(adapters|app)(\\/|$)|^@slack\\/|^botbuilder|^botframework-/]',
          message: CORE_BOUNDARY,
        },
      ],
    },
  },
);
