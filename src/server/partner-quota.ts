// Per-partner quotas (requests per minute), counted in the database so the
// limit holds across processes, with rate-limiter-flexible's SQLite store.
import { RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import type { Db } from '../db/connection.js';

export interface PartnerQuota {
  /** Seconds to wait before retrying, or 0 when the request may go on. */
  consume(partnerId: string, requestsPerMinute: number): Promise<number>;
}

export function createPartnerQuota(db: Db): PartnerQuota {
  const limiters = new Map<number, RateLimiterSQLite>();
  const limiterFor = (points: number) => {
    let limiter = limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterSQLite({
        storeClient: db.$client,
        storeType: 'better-sqlite3',
        tableName: 'partner_rate_limits',
        tableCreated: true, // created by our migrations (partners/tables.ts)
        keyPrefix: `rpm${points}`,
        points,
        duration: 60,
      });
      limiters.set(points, limiter);
    }
    return limiter;
  };
  return {
    async consume(partnerId, requestsPerMinute) {
      try {
        await limiterFor(requestsPerMinute).consume(partnerId);
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}
