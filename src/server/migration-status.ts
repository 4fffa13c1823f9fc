// Whether the database has every migration this build ships with: a server
// started against a database another (older) process migrated, or one whose
// migration failed half-way, must not take traffic. drizzle-kit's journal
// lists the migrations; drizzle's migrator records each applied one in
// __drizzle_migrations with the journal entry's `when` as its created_at.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Dialect } from '../db/database.js';
import { migrationsFolder } from '../db/migrations.js';

export interface JournalEntry {
  tag: string;
  when: number;
}

export function readMigrationJournal(dialect: Dialect, folder = migrationsFolder(dialect)): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** The only database read of the readiness check (kept to one function so the data layer can port it). */
export async function appliedMigrationTimes(db: Database): Promise<number[]> {
  // drizzle's migrator keeps its table in the `drizzle` schema on PostgreSQL.
  const table = db.dialect === 'postgres' ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  const rows = await db.rows<{ created_at: number | string }>(db.read, sql`select created_at from ${table}`);
  return rows.map((row) => Number(row.created_at));
}

/** Tags of the journal's migrations that the database has not recorded as applied. */
export function pendingMigrations(journal: readonly JournalEntry[], appliedTimes: readonly number[]): string[] {
  const applied = new Set(appliedTimes);
  return journal.filter((entry) => !applied.has(entry.when)).map((entry) => entry.tag);
}
