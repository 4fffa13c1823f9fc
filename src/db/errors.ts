// What a failed statement means, whichever database said it.
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { tables } from './tables.js';

function causes(error: unknown): Error[] {
  const found: Error[] = [];
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) found.push(e);
  return found;
}

/** "table.column" lists → the unique index SQLite means (its message names columns, not indexes). */
function sqliteUniqueIndex(message: string): string | null {
  const named = /index '([^']+)'/.exec(message);
  if (named) return named[1]!;
  const listed = /constraint failed: (.+)$/.exec(message)?.[1]?.split(', ').map((entry) => entry.trim().split('.'));
  if (!listed?.length) return null;
  const tableName = listed[0]![0];
  const columnNames = listed.map(([, column]) => column).sort().join(',');
  const table = Object.values(tables).find((t) => is(t, SQLiteTable) && getTableConfig(t).name === tableName) as SQLiteTable | undefined;
  if (!table) return null;
  const config = getTableConfig(table);
  const sameColumns = (columns: readonly { name: string }[]) => columns.map((c) => c.name).sort().join(',') === columnNames;
  const index = config.indexes.find((ix) => ix.config.unique && sameColumns(ix.config.columns as SQLiteColumn[]));
  if (index) return index.config.name;
  const column = config.columns.find((c) => c.isUnique && sameColumns([c]));
  if (column?.uniqueName) return column.uniqueName;
  if (config.columns.some((c) => c.primary && sameColumns([c])) || config.primaryKeys.some((pk) => sameColumns(pk.columns))) return `${tableName}_pkey`;
  return null;
}

/**
 * The unique index (or constraint) a failed write violated, named as the
 * tables name it (`appointments_one_per_slot`, `bills_number_unique`,
 * `<table>_pkey`), or null when the error is anything else.
 */
export function violatedUniqueIndex(error: unknown): string | null {
  for (const e of causes(error)) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505' && typeof constraint === 'string') return constraint;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return sqliteUniqueIndex(e.message) ?? e.message;
  }
  return null;
}

/** True when the error is a constraint of the data (unique, foreign key, not null, check), not the machine's. */
export function isConstraintViolation(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code));
  });
}
