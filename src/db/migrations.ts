// Where each dialect's migrations live: drizzle-kit writes them (one config
// per dialect, see drizzle.config.ts and drizzle.postgres.config.ts) and they
// are committed; every process that opens the database applies what is pending.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect } from './database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function migrationsFolder(dialect: Dialect): string {
  return path.join(root, dialect);
}
