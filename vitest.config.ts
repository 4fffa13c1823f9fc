import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Files that open no database of the dialect under test: run once, in the sqlite project. */
const NO_DATABASE = [
  'test/foundation/access-rules.test.ts',
  'test/foundation/batch.test.ts',
  'test/foundation/config.test.ts',
  'test/foundation/backup.test.ts', // SQLite's backup, and PostgreSQL's refusal of it
  'test/governance/generated.test.ts',
  'test/governance/schema-snapshot.test.ts',
  'test/health/data-keys.test.ts',
];
/** Files that compare the dialects: run once, where PostgreSQL's template is set up. */
const POSTGRES_ONLY = ['test/foundation/dialects.test.ts'];

export default defineConfig({
  // One copy of graphql-js: Vite would load its ESM build for our code while
  // CommonJS libraries (graphql-tools, graphql-inspector) load the CJS build,
  // and graphql-js refuses types from "another module or realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most of a test's time is spent waiting (HTTP, child processes, timers,
    // the database): more files at once than cores keeps both cores busy.
    poolOptions: { forks: { maxForks: 4, minForks: 1 } },
    // The checklist's figures, printed after the summary (test/helpers/figures.ts).
    reporters: ['default', './test/figures-reporter.ts'],
    // The whole suite on each dialect: every test file gets databases of its
    // own (test/helpers/test-database.ts), so files run in parallel on both.
    // `npm test -- --project sqlite` runs one.
    projects: [
      { extends: true, test: { name: 'sqlite', env: { TEST_DATABASE: 'sqlite' }, exclude: [...configDefaults.exclude, ...POSTGRES_ONLY] } },
      {
        extends: true,
        test: { name: 'postgres', env: { TEST_DATABASE: 'postgres' }, globalSetup: ['./test/global-setup.ts'], exclude: [...configDefaults.exclude, ...NO_DATABASE] },
      },
    ],
  },
});
