// The data layer's one shape, whichever database runs: stores read through
// `db.read` and write through `db.atomically(work)`. Nothing above this
// folder knows the dialect.
//
// Store code is typed against the SQLite table definitions (the source of
// truth, see tables.ts and postgres-tables.ts) and written in the subset of
// drizzle both drivers share: every query awaited, never `.get()`, `.all()`
// or `.run()` (SQLite-only; ESLint refuses them under src/modules).
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { tables } from './tables.js';

export type Dialect = 'sqlite' | 'postgres';

type DrizzleDatabase = BaseSQLiteDatabase<'async', unknown, typeof tables>;

/** What a store may run: query builders only (no driver-specific execution). */
export type Queryable = Pick<DrizzleDatabase, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | '$with' | 'with'>;

declare const insideTransaction: unique symbol;
/**
 * A handle valid only inside `atomically`. APIs that write in the caller's
 * transaction (a bill, a notification, an audit row) take a `Tx`, so they
 * cannot be called with the reader outside one.
 */
export type Tx = Queryable & { readonly [insideTransaction]: true };

export interface AtomicallyOptions {
  /**
   * PostgreSQL only: how many times a transaction that lost a serialization
   * race is run again before the error is thrown (SQLite never races: one
   * writer at a time).
   */
  retries?: number;
  /**
   * PostgreSQL only. 'read-committed' is for work whose every statement is
   * safe on its own: blind inserts, and counters moved by one atomic
   * statement (`INSERT … ON CONFLICT DO UPDATE SET n = n + 1 … RETURNING`)
   * whose decisions rest only on what that statement returned. Concurrent
   * increments of one row then queue on its lock instead of failing and
   * running again: fifty simultaneous wrong passwords count fifty, at once.
   * Anything that reads a row and writes on the strength of it keeps the
   * default, 'serializable'.
   */
  isolation?: 'serializable' | 'read-committed';
}

export interface Database {
  readonly dialect: Dialect;
  /** Reads outside a transaction (committed data only). */
  readonly read: Queryable;
  /**
   * Runs `work` in one transaction: all its writes commit together or none
   * do. SQLite: one writer at a time (`BEGIN IMMEDIATE`), so checks and
   * writes cannot interleave with another request's or process's.
   * PostgreSQL: SERIALIZABLE, run again from the start when it loses a race,
   * so `work` must have no effect outside the database (no network, no
   * in-memory state it cannot redo). Throw `Rollback` to undo and answer.
   */
  atomically<T>(work: (tx: Tx) => Promise<T>, options?: AtomicallyOptions): Promise<T>;
  /** Raw SQL that answers rows, for the few queries the query builder cannot say. */
  rows<T = Record<string, unknown>>(on: Queryable, query: SQL): Promise<T[]>;
  /** Raw SQL that answers nothing (DDL, a maintenance statement). */
  exec(on: Queryable, query: SQL): Promise<void>;
  /** True when a trivial statement succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Thrown inside `atomically` to roll back everything the work wrote and
 * answer `answer` instead: a refusal found half-way is never a partial write.
 */
export class Rollback<T> extends Error {
  constructor(readonly answer: T) {
    super('rolled back');
  }
}

/** The first row, or undefined (the portable `.get()`). */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/**
 * The number of rows an UPDATE, DELETE or INSERT changed, from either
 * driver's result (better-sqlite3: `changes`; node-postgres: `rowCount`).
 */
export function rowsChanged(result: unknown): number {
  const { changes, rowCount } = result as { changes?: number; rowCount?: number | null };
  return changes ?? rowCount ?? 0;
}

/** A store's operations bound to one transaction, with the transaction itself for other modules' writes (a bill, a notification). */
export type InTransaction<Operations> = Operations & { readonly tx: Tx };

/**
 * The one `atomically` every store offers: its operations bound to a new
 * transaction. `operations` builds them over any `Queryable`, so the same
 * functions serve reads outside a transaction (`operations(db.read)`).
 */
export function transactionsOf<Operations>(db: Database, operations: (on: Queryable) => Operations) {
  return <T>(work: (ops: InTransaction<Operations>) => Promise<T>, options?: AtomicallyOptions): Promise<T> =>
    db.atomically((tx) => work({ ...operations(tx), tx }), options);
}

/**
 * A read prepared once and run many times with its placeholders' values
 * (SQLite: one statement; PostgreSQL: a named statement, prepared on each
 * pooled connection at its first use).
 */
export function prepared<Row>(query: { prepare(...name: never[]): unknown }, name: string): (values?: Record<string, unknown>) => Promise<Row[]> {
  const statement = (query.prepare as (name: string) => { execute(values?: Record<string, unknown>): Row[] | Promise<Row[]> }).call(query, name);
  return async (values) => statement.execute(values);
}

/**
 * `db.read`, refusing to be used from inside a transaction: a read there
 * would not see the transaction's own writes, and on PostgreSQL it would
 * wait for a second pooled connection while holding one (enough of those at
 * once and the pool deadlocks). Inside `atomically`, read through its `tx`.
 */
export function readerOutsideTransactions<T extends object>(reader: T, inTransaction: AsyncLocalStorage<true>): Queryable {
  return new Proxy(reader, {
    get(target, property, receiver) {
      if (inTransaction.getStore()) throw new Error('db.read used inside a transaction: read through the transaction instead');
      return Reflect.get(target, property, receiver);
    },
  }) as unknown as Queryable;
}
