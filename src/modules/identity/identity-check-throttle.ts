// Registration and password reset both start with "ID number and date of
// birth, then a code by SMS". Without a limit, anyone could try dates of birth
// for a known ID until one matches, and spend SMS on someone's mobile.
import type { IdentityStore } from './store.js';
import { blockOf, identityCheckKeys, recordAttempt } from './throttle.js';

export function createIdentityCheckThrottle(store: IdentityStore, now: () => Date) {
  return {
    /** Seconds the caller must wait before checking this ID again; 0 if they may go on. */
    async secondsBlocked(idNumber: string, ipAddress: string | null): Promise<number> {
      const keys = identityCheckKeys(idNumber, ipAddress);
      const block = blockOf(await Promise.all(keys.all.map((key) => store.findThrottle(key))), now());
      if (block.seconds > 0 && keys.caller.length) await store.atomically((tx) => recordAttempt(tx, keys.caller, now()));
      return block.seconds;
    },
    async recordMismatch(idNumber: string, ipAddress: string | null): Promise<void> {
      await store.atomically((tx) => recordAttempt(tx, identityCheckKeys(idNumber, ipAddress).mismatch, now()));
    },
    async recordCodeSent(idNumber: string): Promise<void> {
      await store.atomically((tx) => recordAttempt(tx, identityCheckKeys(idNumber, null).codeSent, now()));
    },
  };
}

export type IdentityCheckThrottle = ReturnType<typeof createIdentityCheckThrottle>;
