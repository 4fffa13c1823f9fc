// The two dialects' schemas cannot drift: PostgreSQL's tables are derived
// from the SQLite definitions (src/db/postgres-tables.ts), and here both
// committed migration histories, applied to fresh databases, are compared
// table by table: columns (name, type family, nullability), primary keys and
// indexes (name, columns, uniqueness, partial). It runs in the postgres
// project only (vitest.config.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is } from 'drizzle-orm';
import { openSqlite } from '../../src/db/sqlite.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { Database } from '../../src/db/database.js';
import { tables } from '../../src/db/tables.js';
import { createTestDatabase } from '../helpers/test-database.js';

interface Shape {
  columns: Record<string, { type: string; notNull: boolean }>;
  primaryKey: string;
  indexes: Record<string, { columns: string; unique: boolean; partial: boolean }>;
}

const booleanColumns = new Set(
  Object.values(tables)
    .filter((t) => is(t, SQLiteTable))
    .flatMap((t) => getTableConfig(t as SQLiteTable).columns.filter((c) => c.columnType === 'SQLiteBoolean').map((c) => `${getTableConfig(t as SQLiteTable).name}.${c.name}`)),
);

async function sqliteShapes(db: Database): Promise<Record<string, Shape>> {
  const shapes: Record<string, Shape> = {};
  const names = await db.rows<{ name: string; sql: string }>(db.read, sql`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`);
  for (const { name } of names) {
    const shape: Shape = { columns: {}, primaryKey: '', indexes: {} };
    const columns = await db.rows<{ name: string; type: string; notnull: number; pk: number }>(db.read, sql.raw(`pragma table_info("${name}")`));
    for (const c of columns) {
      // SQLite stores booleans as integers; PostgreSQL has its own type for them.
      const type = c.type.toLowerCase() === 'integer' ? (booleanColumns.has(`${name}.${c.name}`) ? 'boolean' : 'integer') : c.type.toLowerCase();
      shape.columns[c.name] = { type, notNull: c.notnull === 1 || c.pk > 0 };
    }
    shape.primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name).join(',');
    for (const ix of await db.rows<{ name: string; unique: number; origin: string; partial: number }>(db.read, sql.raw(`pragma index_list("${name}")`))) {
      if (ix.origin === 'pk') continue;
      const indexed = (await db.rows<{ name: string }>(db.read, sql.raw(`pragma index_info("${ix.name}")`))).map((c) => c.name).join(',');
      shape.indexes[ix.name] = { columns: indexed, unique: ix.unique === 1, partial: ix.partial === 1 };
    }
    shapes[name] = shape;
  }
  return shapes;
}

async function postgresShapes(db: Database): Promise<Record<string, Shape>> {
  const shapes: Record<string, Shape> = {};
  const columns = await db.rows<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    db.read,
    sql`select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' order by ordinal_position`,
  );
  for (const c of columns) {
    const shape = (shapes[c.table_name] ??= { columns: {}, primaryKey: '', indexes: {} });
    // Every integer is a bigint here (IDs, halalas, epoch milliseconds).
    shape.columns[c.column_name] = { type: c.data_type === 'bigint' ? 'integer' : c.data_type, notNull: c.is_nullable === 'NO' };
  }
  const indexes = await db.rows<{ table: string; name: string; unique: boolean; partial: boolean; columns: string; constraint: string | null }>(
    db.read,
    sql`select t.relname as "table", i.relname as name, x.indisunique as "unique", x.indpred is not null as partial,
               (select string_agg(a.attname, ',' order by k.ord) from unnest(x.indkey) with ordinality k(attnum, ord)
                  join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns,
               (select c.contype::text from pg_constraint c where c.conindid = i.oid limit 1) as "constraint"
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public'`,
  );
  for (const ix of indexes) {
    const shape = shapes[ix.table]!;
    if (ix.constraint === 'p') shape.primaryKey = ix.columns;
    else shape.indexes[ix.name] = { columns: ix.columns, unique: ix.unique, partial: ix.partial };
  }
  return shapes;
}

describe('the two dialects', () => {
  it('have the same tables, columns, indexes and unique keys once each migration history is applied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-dialects-'));
    const created = await createTestDatabase(dir);
    const postgres = await openPostgres({ url: created.url, poolSize: 1, statementTimeoutMs: 0, ssl: 'disable' });
    const sqlite = openSqlite(path.join(dir, 'shape.db'));
    try {
      const [fromSqlite, fromPostgres] = [await sqliteShapes(sqlite), await postgresShapes(postgres)];
      expect(Object.keys(fromPostgres).sort()).toEqual(Object.keys(fromSqlite).sort());
      for (const table of Object.keys(fromSqlite)) expect({ table, ...fromPostgres[table] }).toEqual({ table, ...fromSqlite[table] });
    } finally {
      await sqlite.close();
      await postgres.close();
      await created.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
