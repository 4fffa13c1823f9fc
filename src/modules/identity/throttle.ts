// Slows repeated attempts down per account name, per name and client address,
// per ID number and per client address. The counters live in the database, so
// they hold across restarts and processes. Blocks are short and grow with
// failures, then the window resets.
//
// A stranger must not be able to lock the owner out: the strict counter is
// per name *and address*, so one attacker blocks only themselves; the name's
// own counter is loose and counts only tries made while not blocked, so only
// a many-address attack slows the owner down, and never past the window.
import type { IdentityTx, ThrottleRow } from './store.js';

export const WINDOW_MS = 60 * 60 * 1000;
const FIRST_BLOCK_MS = 30 * 1000;
const LONGEST_BLOCK_MS = 15 * 60 * 1000;
/** ASVS: at most 100 failed attempts an hour per account. */
export const MAX_FAILURES_PER_WINDOW = 100;

/** Attempts allowed in a window before blocks start, by kind of key. */
export const FREE_ATTEMPTS = {
  // A name from one address: the person mistyping, or one attacker.
  'user-ip': 5,
  // A name from anywhere: only a distributed attack gets here.
  user: 20,
  // An ID number and date of birth that did not match (registration or
  // password reset), from one address and from anywhere, as for names.
  'id-ip': 5,
  id: 20,
  // Codes sent to an ID's mobile: only a caller who knows the date of birth
  // spends these, so a stranger cannot use them up to block the owner's reset.
  sms: 5,
  // Codes one address has had sent, to whatever IDs: a caller holding many
  // valid ID and date-of-birth pairs cannot turn us into an SMS pump. Set
  // well above one household's needs, since carrier NAT puts many people
  // behind one address; the platform-wide budget (sms-budget.ts) caps the rest.
  'sms-ip': 50,
  // An address (carrier NAT puts thousands of people behind one).
  ip: 200,
} as const;
type KeyKind = keyof typeof FREE_ATTEMPTS;

const kindOf = (key: string): KeyKind => key.slice(0, key.indexOf(':')) as KeyKind;

export function signInKeys(usernameKey: string, ipAddress: string | null): string[] {
  return [`user:${usernameKey}`, ...(ipAddress ? [`user-ip:${usernameKey}|${ipAddress}`, `ip:${ipAddress}`] : [])];
}

/**
 * Starts a name's own counters again (the address's counter goes on), once
 * its owner has proved themselves: a completed sign-in, or a password reset
 * by the registered mobile. Strangers' failures then no longer hold it shut.
 */
export async function clearNameThrottles(tx: IdentityTx, usernameKey: string, ipAddress: string | null): Promise<void> {
  for (const key of signInKeys(usernameKey, ipAddress)) if (!key.startsWith('ip:')) await tx.clearThrottle(key);
}

/** Keys of the steps that check an ID number and date of birth and send a code. */
export function identityCheckKeys(idNumber: string, ipAddress: string | null) {
  const callerKeys = ipAddress ? [`id-ip:${idNumber}|${ipAddress}`, `ip:${ipAddress}`] : [];
  return {
    all: [`id:${idNumber}`, `sms:${idNumber}`, ...(ipAddress ? [`sms-ip:${ipAddress}`] : []), ...callerKeys],
    /** Counted on a try made while blocked: they lengthen the caller's own block only. */
    caller: callerKeys,
    mismatch: [`id:${idNumber}`, ...callerKeys],
    codeSent: [`sms:${idNumber}`, ...(ipAddress ? [`sms-ip:${ipAddress}`] : [])],
  };
}

/** The row while its hour-long window is still open; undefined once it has ended (the count starts again). */
export function inWindow(row: ThrottleRow | undefined, now: Date): ThrottleRow | undefined {
  return row && now.getTime() - row.windowStartedAt.getTime() <= WINDOW_MS ? row : undefined;
}

function blockedUntil(found: ThrottleRow | undefined, now: Date): number {
  const row = inWindow(found, now);
  if (!row) return 0;
  let until = row.blockedUntil?.getTime() ?? 0;
  if (kindOf(row.key) === 'user' && row.failures >= MAX_FAILURES_PER_WINDOW) until = Math.max(until, row.windowStartedAt.getTime() + WINDOW_MS);
  return until;
}

/** Seconds until the caller may try again (0 if free), and which keys block. */
export function blockOf(rows: Array<ThrottleRow | undefined>, now: Date): { seconds: number; blockingKeys: string[] } {
  let until = 0;
  const blockingKeys: string[] = [];
  for (const row of rows) {
    const rowUntil = blockedUntil(row, now);
    if (rowUntil > now.getTime()) {
      blockingKeys.push(row!.key);
      until = Math.max(until, rowUntil);
    }
  }
  return { seconds: Math.max(0, Math.ceil((until - now.getTime()) / 1000)), blockingKeys };
}

/**
 * Counts one attempt on each key, inside the caller's transaction, each with
 * one atomic statement (no lost updates, and no re-run under concurrency: the
 * transaction may run with `isolation: 'read-committed'`). True when this
 * attempt started a block on a name's own counter: the moment worth an entry
 * in the person's security log.
 */
export async function recordAttempt(tx: IdentityTx, keys: string[], now: Date): Promise<boolean> {
  let startedNameBlock = false;
  for (const key of keys) {
    const { failures } = await tx.countAttempt(key, now, WINDOW_MS);
    const over = failures - FREE_ATTEMPTS[kindOf(key)];
    if (over <= 0) continue;
    if (over === 1 && (kindOf(key) === 'user' || kindOf(key) === 'user-ip')) startedNameBlock = true;
    await tx.blockUntil(key, new Date(now.getTime() + Math.min(FIRST_BLOCK_MS * 2 ** (over - 1), LONGEST_BLOCK_MS)));
  }
  return startedNameBlock;
}

/** Counting attempts is atomic statement by statement: see `isolation` in src/db/database.ts. */
export const COUNTING = { isolation: 'read-committed' } as const;
