// Every SMS costs the platform money, and "SMS pumping" fraud makes a service
// send as many as it can. Registration and password reset send a code to
// anyone holding a matching ID and date of birth: the throttles bound what one
// number and one address can cost (throttle.ts); this budget bounds what all
// callers together can make the platform spend in an hour. Once it is spent,
// those steps and code resends answer TOO_MANY_ATTEMPTS until the hour ends,
// and the log says so once, at error level, for the operators.
//
// The count lives in the throttle table (a fixed hourly window), so it holds
// across restarts and across processes sharing the database. It is checked
// before a code is sent and counted after: requests in flight together at
// the budget's edge can each pass the check, so the hour may end a few
// messages over the budget, never more than the requests then in flight.
import type { Logger } from '../../server/logger.js';
import type { IdentityStore, IdentityTx } from './store.js';
import { WINDOW_MS, inWindow } from './throttle.js';

const KEY = 'sms-budget:platform';

export function createSmsBudget(store: IdentityStore, now: () => Date, perHour: number, logger?: Logger) {
  return {
    /** Seconds until codes may be sent again; 0 while the hour's budget lasts. */
    async secondsUntilAvailable(): Promise<number> {
      const at = now();
      const row = inWindow(await store.findThrottle(KEY), at);
      if (!row || row.failures < perHour) return 0;
      return Math.max(1, Math.ceil((row.windowStartedAt.getTime() + WINDOW_MS - at.getTime()) / 1000));
    },

    /**
     * Counts one SMS sent, inside the caller's transaction (with the sender's
     * own counters). True when this message spent the hour's budget: the
     * caller then calls `reportSpent` once the transaction has committed (never
     * inside it: a transaction may run more than once, the alert only once).
     */
    async countSent(tx: IdentityTx, at: Date): Promise<boolean> {
      // `failures` is the table's counter column; here it counts messages sent.
      const { failures: sent } = await tx.countAttempt(KEY, at, WINDOW_MS);
      return sent === perHour;
    },

    reportSpent(): void {
      logger?.error({ perHour }, 'the SMS budget of this hour is spent: registration, password reset and code resends are refused until the hour ends');
    },
  };
}

export type SmsBudget = ReturnType<typeof createSmsBudget>;
