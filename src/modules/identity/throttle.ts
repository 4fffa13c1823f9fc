// Slows repeated failures down per account name and per client address. The
// counters live in the database, so they hold across restarts and processes.
// Blocks are short and grow with failures, then the window resets: a stranger
// can slow an account down but never lock its owner out for good.
import type { IdentityTx, ThrottleRow } from './store.js';

/** Failures allowed before blocks start: few per name, many per address (carrier NAT puts thousands behind one). */
export const FREE_FAILURES = { user: 5, ip: 200 } as const;
export const WINDOW_MS = 60 * 60 * 1000;
const FIRST_BLOCK_MS = 30 * 1000;
const LONGEST_BLOCK_MS = 15 * 60 * 1000;
/** ASVS: at most 100 failed attempts an hour per account. */
export const MAX_FAILURES_PER_WINDOW = 100;

export function throttleKeys(usernameKey: string, ipAddress: string | null): string[] {
  return [`user:${usernameKey}`, ...(ipAddress ? [`ip:${ipAddress}`] : [])];
}

/** Seconds until the caller may try again, or 0. */
export function secondsBlocked(rows: Array<ThrottleRow | undefined>, now: Date): number {
  let until = 0;
  for (const row of rows) {
    if (!row || now.getTime() - row.windowStartedAt.getTime() > WINDOW_MS) continue;
    if (row.key.startsWith('user:') && row.failures >= MAX_FAILURES_PER_WINDOW) until = Math.max(until, row.windowStartedAt.getTime() + WINDOW_MS);
    if (row.blockedUntil) until = Math.max(until, row.blockedUntil.getTime());
  }
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

/** Counts one failure on each key, inside the caller's transaction (no lost updates). */
export function recordFailure(tx: IdentityTx, keys: string[], now: Date): void {
  for (const key of keys) {
    const row = tx.throttle(key);
    const fresh = !row || now.getTime() - row.windowStartedAt.getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const over = failures - FREE_FAILURES[key.startsWith('ip:') ? 'ip' : 'user'];
    const blockMs = over > 0 ? Math.min(FIRST_BLOCK_MS * 2 ** (over - 1), LONGEST_BLOCK_MS) : 0;
    tx.saveThrottle({
      key,
      failures,
      windowStartedAt: fresh ? now : row.windowStartedAt,
      blockedUntil: blockMs ? new Date(now.getTime() + blockMs) : null,
    });
  }
}
