// Each test platform gets a database of its own, so test files run in
// parallel on either dialect. TEST_DATABASE=postgres (the `postgres` vitest
// project) makes each one a PostgreSQL database copied from a template that
// the global setup migrated once (CREATE DATABASE … TEMPLATE takes
// milliseconds); otherwise a SQLite file in the test's folder.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { onAdminConnection, postgresUrlFor } from './postgres-admin.js';

export { onAdminConnection, postgresUrlFor } from './postgres-admin.js';

export type TestDialect = 'sqlite' | 'postgres';

export const testDialect: TestDialect = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  /** DATABASE_URL for a platform or a child process. */
  url: string;
  drop(): Promise<void>;
}

/** A new, migrated database for one platform (or one group of processes sharing it). */
export async function createTestDatabase(dir: string, name = 'test'): Promise<TestDatabase> {
  if (testDialect === 'sqlite') return { url: `file:${path.join(dir, `${name}.db`)}`, drop: async () => undefined };
  const template = inject('postgresTemplate');
  const database = `${template}_${randomBytes(5).toString('hex')}`;
  await onAdminConnection((client) => client.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
  return {
    url: postgresUrlFor(database),
    drop: () => onAdminConnection((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined),
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PostgreSQL database each test database is copied from (postgres project only). */
    postgresTemplate: string;
  }
}
