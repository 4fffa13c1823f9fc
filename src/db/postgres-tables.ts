// PostgreSQL's tables, derived from the SQLite definitions (each module's
// tables.ts, the one source of truth for names, types, keys and indexes), so
// the two dialects cannot drift: drizzle-kit generates PostgreSQL migrations
// from these (drizzle.postgres.config.ts), and a test compares both migrated
// databases column by column.
//
// The queries themselves use the SQLite table objects on both dialects: each
// column below stores exactly what its SQLite twin writes, so the same value
// mapping holds (epoch milliseconds in a bigint, a boolean written as 1 or 0,
// JSON as text) and nothing above the data layer knows the dialect.
import { getTableColumns, is, type Column, type SQL } from 'drizzle-orm';
import {
  bigint, boolean, foreignKey, index, pgTable, primaryKey, text, uniqueIndex,
  type PgColumnBuilderBase, type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { tables } from './tables.js';

type AnyPgTable = PgTableWithColumns<any>;

function columnFor(column: Column): PgColumnBuilderBase {
  let builder;
  switch (column.columnType) {
    case 'SQLiteInteger':
    case 'SQLiteTimestamp': // epoch milliseconds, as SQLite stores them
      builder = bigint(column.name, { mode: 'number' });
      if ((column as unknown as { autoIncrement?: boolean }).autoIncrement) builder = builder.generatedByDefaultAsIdentity();
      break;
    case 'SQLiteBoolean':
      builder = boolean(column.name);
      break;
    case 'SQLiteText':
    case 'SQLiteTextJson':
      builder = text(column.name);
      break;
    default:
      throw new Error(`postgres-tables: no PostgreSQL type for ${column.columnType} (${column.table ? getTableConfig(column.table as SQLiteTable).name : '?'}.${column.name})`);
  }
  if (column.primary) builder = builder.primaryKey();
  if (column.notNull && !column.primary) builder = builder.notNull();
  if (column.isUnique) builder = builder.unique(column.uniqueName);
  if (column.default !== undefined) {
    builder = builder.default((column.columnType === 'SQLiteTextJson' ? JSON.stringify(column.default) : column.default) as never);
  }
  return builder;
}

function derive(sqliteTable: SQLiteTable, byName: Map<string, AnyPgTable>): AnyPgTable {
  const config = getTableConfig(sqliteTable);
  const columns = Object.fromEntries(Object.entries(getTableColumns(sqliteTable)).map(([key, column]) => [key, columnFor(column)]));
  // Columns by SQL name, for the constraints below (which name SQLite columns).
  const pick = (pgColumns: Record<string, Column>, sqliteColumns: Column[]) =>
    sqliteColumns.map((c) => {
      const found = Object.values(pgColumns).find((pg) => pg.name === c.name);
      if (!found) throw new Error(`postgres-tables: ${config.name} has no column ${c.name}`);
      return found;
    }) as [never, ...never[]];

  return pgTable(config.name, columns, (t) => {
    const self = t as unknown as Record<string, Column>;
    return [
      ...config.primaryKeys.map((pk) => primaryKey({ columns: pick(self, pk.columns) })),
      ...config.indexes.map(({ config: ix }) => {
        const built = (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(...pick(self, ix.columns as Column[]));
        return ix.where ? built.where(ix.where as SQL) : built;
      }),
      ...config.foreignKeys.map((fk) => {
        const reference = fk.reference();
        const target = byName.get(getTableConfig(reference.foreignTable).name);
        if (!target) throw new Error(`postgres-tables: ${config.name} references an unknown table`);
        const built = foreignKey({ columns: pick(self, reference.columns), foreignColumns: pick(getTableColumns(target), reference.foreignColumns) });
        if (fk.onDelete) built.onDelete(fk.onDelete);
        if (fk.onUpdate) built.onUpdate(fk.onUpdate);
        return built;
      }),
    ];
  });
}

function deriveAll(): Record<keyof typeof tables, AnyPgTable> {
  const byName = new Map<string, AnyPgTable>();
  const derived = {} as Record<string, AnyPgTable>;
  for (const [key, value] of Object.entries(tables)) {
    if (!is(value, SQLiteTable)) continue;
    const table = derive(value, byName);
    byName.set(getTableConfig(value).name, table);
    derived[key] = table;
  }
  return derived as Record<keyof typeof tables, AnyPgTable>;
}

export const postgresTables = deriveAll();
