// Opens the embedded SQLite store with the durability settings the platform
// depends on, and refuses to go on if SQLite did not accept them.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { tables } from './tables.js';
import { recordStatement } from './statement-counter.js';

export type Db = BetterSQLite3Database<typeof tables> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = fileURLToDir('../../migrations');

function fileURLToDir(relative: string): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), relative);
}

const BUSY_TIMEOUT_MS = 5000;

export class DatabaseSettingsError extends Error {}

export function openDatabase(databasePath: string): Db {
  if (databasePath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const sqlite = new Database(databasePath, { verbose: recordStatement });
  // WAL lets readers run beside the one writer (the server and an import, say).
  sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 is compiled with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL),
  // which can lose the last commits on power loss: money and identity need FULL.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  assertSettings(sqlite, databasePath === ':memory:');
  return drizzle(sqlite, { schema: tables }) as Db;
}

function assertSettings(sqlite: Database.Database, inMemory: boolean): void {
  const read = (name: string) => sqlite.pragma(name, { simple: true });
  const expected: Array<[string, unknown]> = [
    ['journal_mode', inMemory ? 'memory' : 'wal'],
    ['synchronous', 2],
    ['foreign_keys', 1],
    ['busy_timeout', BUSY_TIMEOUT_MS],
  ];
  for (const [name, value] of expected) {
    const actual = read(name);
    if (actual !== value) {
      throw new DatabaseSettingsError(`SQLite did not accept ${name}=${String(value)} (reads ${String(actual)})`);
    }
  }
}

/** Applies pending migrations; safe to run from two processes at once. */
export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

export function openMigratedDatabase(databasePath: string): Db {
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  return db;
}

export function isDatabaseReachable(db: Db): boolean {
  try {
    return db.$client.prepare('select 1 as ok').get() !== undefined;
  } catch {
    return false;
  }
}
