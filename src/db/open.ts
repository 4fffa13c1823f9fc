// Opens the database the configuration names, migrated: SQLite for a file
// (the zero-setup default), PostgreSQL for a postgres:// URL.
import type { Database } from './database.js';
import { openSqlite } from './sqlite.js';
import { openPostgres, type PostgresSettings } from './postgres.js';

export type DatabaseSettings = { dialect: 'sqlite'; path: string } | ({ dialect: 'postgres' } & PostgresSettings);

export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.dialect === 'sqlite' ? openSqlite(settings.path) : openPostgres(settings);
}
