// SQLite, the embedded default: one file, WAL, two connections. The writer
// runs one transaction at a time, queued in this process (`BEGIN IMMEDIATE`
// also makes a second process wait on the file lock); the reader serves
// everything outside transactions and sees committed data only, so a request
// reading while another's transaction is open never sees half of it.
import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import pLimit from 'p-limit';
import type { SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { tables } from './tables.js';
import { recordStatement } from './statement-counter.js';
import { Rollback, readerOutsideTransactions, type Database as PlatformDatabase, type Queryable, type Tx } from './database.js';
import { migrationsFolder } from './migrations.js';

export type SqliteDrizzle = BetterSQLite3Database<typeof tables> & { $client: Database.Database };

export interface SqliteDatabase extends PlatformDatabase {
  readonly dialect: 'sqlite';
  /** The writer connection, for the SQLite-only code paths (the registry import, backups). */
  readonly writer: SqliteDrizzle;
  readonly path: string;
}

const BUSY_TIMEOUT_MS = 5000;

export class DatabaseSettingsError extends Error {}

function openConnection(databasePath: string, options: { readonly: boolean }): Database.Database {
  const sqlite = new Database(databasePath, { verbose: recordStatement, readonly: options.readonly, fileMustExist: options.readonly });
  if (!options.readonly) {
    // WAL lets readers run beside the one writer (the server and an import, say).
    sqlite.pragma('journal_mode = WAL');
    // better-sqlite3 is compiled with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL),
    // which can lose the last commits on power loss: money and identity need FULL.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  }
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return sqlite;
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

/** Opens (creating if need be) and migrates the SQLite file; safe from two processes at once. */
export function openSqlite(databasePath: string): SqliteDatabase {
  const inMemory = databasePath === ':memory:';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const writerConnection = openConnection(databasePath, { readonly: false });
  assertSettings(writerConnection, inMemory);
  const writer = drizzle(writerConnection, { schema: tables }) as SqliteDrizzle;
  migrate(writer, { migrationsFolder: migrationsFolder('sqlite') });
  // An in-memory database exists in one connection only: it reads through the writer.
  const reader = inMemory ? writer : (drizzle(openConnection(databasePath, { readonly: true }), { schema: tables }) as SqliteDrizzle);

  // One transaction at a time on the writer: an awaited statement of one
  // request's transaction must never run inside another's.
  const queue = pLimit(1);
  const inTransaction = new AsyncLocalStorage<true>();

  return {
    dialect: 'sqlite',
    path: databasePath,
    writer,
    read: readerOutsideTransactions(reader, inTransaction),
    atomically<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      if (inTransaction.getStore()) {
        return Promise.reject(new Error('atomically: already inside a transaction; pass its tx to the code that needs it'));
      }
      return queue(() =>
        inTransaction.run(true, async () => {
          // IMMEDIATE takes the write lock up front, so a second process
          // waits (busy_timeout) instead of failing half-way on lock upgrade.
          writerConnection.exec('BEGIN IMMEDIATE');
          try {
            const result = await work(writer as unknown as Tx);
            writerConnection.exec('COMMIT');
            return result;
          } catch (error) {
            // Some failures (disk full, I/O) end the transaction themselves.
            if (writerConnection.inTransaction) writerConnection.exec('ROLLBACK');
            if (error instanceof Rollback) return error.answer as T;
            throw error;
          }
        }),
      );
    },
    async rows<T>(on: Queryable, query: SQL): Promise<T[]> {
      return (on as unknown as SqliteDrizzle).all<T>(query);
    },
    async exec(on: Queryable, query: SQL): Promise<void> {
      (on as unknown as SqliteDrizzle).run(query);
    },
    async ping() {
      try {
        return reader.$client.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    async close() {
      await queue(async () => undefined);
      // better-sqlite3's close is a no-op on a closed connection: closing twice is safe.
      if (reader !== writer) reader.$client.close();
      writerConnection.close();
    },
  };
}
