// Per-partner quotas (requests per minute), counted in the database so the
// limit holds across processes and instances, with rate-limiter-flexible's
// store for the dialect in use (its table comes from our migrations).
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Database } from '../db/database.js';
import type { SqliteDatabase } from '../db/sqlite.js';
import type { PostgresDatabase } from '../db/postgres.js';

export interface PartnerQuota {
  /** Seconds to wait before retrying, or 0 when the request may go on. */
  consume(partnerId: string, requestsPerMinute: number): Promise<number>;
}

function limiterOn(db: Database, points: number): RateLimiterAbstract {
  const options = {
    tableName: 'partner_rate_limits',
    tableCreated: true, // created by our migrations (partners/tables.ts)
    keyPrefix: `rpm${points}`,
    points,
    duration: 60,
  };
  return db.dialect === 'sqlite'
    ? new RateLimiterSQLite({ ...options, storeClient: (db as SqliteDatabase).writer.$client, storeType: 'better-sqlite3' })
    : new RateLimiterPostgres({ ...options, storeClient: (db as PostgresDatabase).pool, storeType: 'pool' });
}

export function createPartnerQuota(db: Database): PartnerQuota {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (points: number) => {
    let limiter = limiters.get(points);
    if (!limiter) {
      limiter = limiterOn(db, points);
      limiters.set(points, limiter);
    }
    return limiter;
  };
  async function consume(partnerId: string, requestsPerMinute: number): Promise<number> {
    try {
      await limiterFor(requestsPerMinute).consume(partnerId);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }
  return {
    // SQLite: the limiter writes on the writer connection, so it takes its
    // turn in the writer's queue like every transaction (its own statement
    // becomes a savepoint there) instead of landing inside another
    // request's open transaction. PostgreSQL: one atomic upsert on the pool.
    consume: (partnerId, requestsPerMinute) =>
      db.dialect === 'sqlite' ? db.atomically(() => consume(partnerId, requestsPerMinute)) : consume(partnerId, requestsPerMinute),
  };
}
