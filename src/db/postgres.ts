// PostgreSQL, for any number of stateless instances over one database:
// node-postgres's pool through drizzle. Transactions are SERIALIZABLE and run
// again when they lose a race (SQLSTATE 40001/40P01), which gives every
// check-then-write the same single-writer guarantee SQLite's `BEGIN
// IMMEDIATE` gives, across processes and machines.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { recordStatement } from './statement-counter.js';
import { Rollback, readerOutsideTransactions, type AtomicallyOptions, type Database, type Queryable, type Tx } from './database.js';
import { migrationsFolder } from './migrations.js';

export interface PostgresSettings {
  url: string;
  /** Connections this process may hold. */
  poolSize: number;
  /** A statement running longer is cancelled by the server (0: no limit). */
  statementTimeoutMs: number;
  /** TLS: off, on without checking the certificate's issuer, or verified (against `caFile` if given). */
  ssl: 'disable' | 'require' | 'verify-full';
  caFile?: string;
}

export interface PostgresDatabase extends Database {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
}

// int8 (bigint) arrives as a string by default; every bigint column holds a
// value JavaScript's numbers carry exactly (IDs, halalas, epoch milliseconds,
// counts), and anything beyond 2^53 is refused rather than rounded.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`bigint ${value} is beyond JavaScript's exact integers`);
  return parsed;
});

/** One key for "this database's migrations": every instance takes it before migrating. */
const MIGRATION_LOCK = 7_358_201;
const DEFAULT_RETRIES = 10;

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
// A check-then-insert that lost a race to a concurrent transaction can fail
// on the unique index instead of as a serialization failure; PostgreSQL's
// documentation advises retrying those too. Run again, the check sees the
// winner's row and answers as the rules say; a real duplicate fails again.
const UNIQUE_VIOLATION = '23505';
const UNIQUE_RETRIES = 2;

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sslOptions(settings: PostgresSettings): pg.PoolConfig['ssl'] {
  if (settings.ssl === 'disable') return false;
  if (settings.ssl === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(settings.caFile ? { ca: fs.readFileSync(settings.caFile, 'utf8') } : {}) };
}

export async function openPostgres(settings: PostgresSettings): Promise<PostgresDatabase> {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    ssl: sslOptions(settings),
    ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
    // A request waiting this long for a connection fails instead of hanging.
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection that breaks (a failover, a restart) must not take the process down.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { logger: { logQuery: (query) => recordStatement(query) } });
  await migrateUnderLock(pool);

  const inTransaction = new AsyncLocalStorage<true>();

  return {
    dialect: 'postgres',
    pool,
    read: readerOutsideTransactions(db, inTransaction),
    async atomically<T>(work: (tx: Tx) => Promise<T>, options: AtomicallyOptions = {}): Promise<T> {
      if (inTransaction.getStore()) throw new Error('atomically: already inside a transaction; pass its tx to the code that needs it');
      const retries = options.retries ?? DEFAULT_RETRIES;
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await db.transaction((tx) => inTransaction.run(true, () => work(tx as unknown as Tx)), {
            isolationLevel: options.isolation === 'read-committed' ? 'read committed' : 'serializable',
          });
        } catch (error) {
          if (error instanceof Rollback) return error.answer as T;
          const state = sqlState(error);
          const raced = state === SERIALIZATION_FAILURE || state === DEADLOCK_DETECTED || (state === UNIQUE_VIOLATION && attempt < UNIQUE_RETRIES);
          if (raced && attempt < retries) {
            // Spread the retries so the same racers do not meet again at once.
            await pause(Math.random() * 5 * 2 ** Math.min(attempt, 5));
            continue;
          }
          throw error;
        }
      }
    },
    async rows<T>(on: Queryable, query: SQL): Promise<T[]> {
      return (await (on as unknown as NodePgDatabase).execute(query)).rows as T[];
    },
    async exec(on: Queryable, query: SQL): Promise<void> {
      await (on as unknown as NodePgDatabase).execute(query);
    },
    async ping() {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      // Once: a platform stopping after a probe closed its database (tests) must not throw.
      if (!pool.ended) await pool.end();
    },
  };
}

/**
 * Applies pending migrations holding an advisory lock, so that instances
 * starting together migrate one after the other (the later ones find
 * nothing to do) instead of racing on the same DDL.
 */
async function migrateUnderLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: migrationsFolder('postgres') });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
