// The postgres project's global setup (vitest.config.ts): before its tests: one migrated template database for
// this run (its name unique to the run, so two runs on one server never
// touch each other's databases); after them, the template and every copy go.
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/postgres.js';
import { onAdminConnection, postgresUrlFor } from './helpers/postgres-admin.js';

export default async function setup(project: TestProject) {
  const template = `absher_t${Date.now().toString(36)}${process.pid}`;
  await onAdminConnection((client) => client.query(`CREATE DATABASE "${template}"`));
  const db = await openPostgres({ url: postgresUrlFor(template), poolSize: 1, statementTimeoutMs: 0, ssl: 'disable' });
  await db.close();
  project.provide('postgresTemplate', template);

  return async () => {
    await onAdminConnection(async (client) => {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
  };
}
