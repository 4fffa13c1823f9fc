// Registration and password reset both start with "ID number and date of
// birth, then a code by SMS". Without a limit, anyone could try dates of birth
// for a known ID until one matches, and spend SMS on someone's mobile.
// Every limit is checked before the ID is looked at, for every caller, so a
// refusal says nothing about the ID asked for.
import type { IdentityStore } from './store.js';
import type { SmsBudget } from './sms-budget.js';
import { COUNTING, blockOf, identityCheckKeys, recordAttempt } from './throttle.js';

export function createIdentityCheckThrottle(store: IdentityStore, smsBudget: SmsBudget, now: () => Date) {
  return {
    /** Seconds the caller must wait before checking this ID again; 0 if they may go on. */
    async secondsBlocked(idNumber: string, ipAddress: string | null): Promise<number> {
      const keys = identityCheckKeys(idNumber, ipAddress);
      const block = blockOf(await Promise.all(keys.all.map((key) => store.findThrottle(key))), now());
      if (block.seconds > 0 && keys.caller.length) await store.atomically((tx) => recordAttempt(tx, keys.caller, now()), COUNTING);
      return Math.max(block.seconds, await smsBudget.secondsUntilAvailable());
    },
    async recordMismatch(idNumber: string, ipAddress: string | null): Promise<void> {
      await store.atomically((tx) => recordAttempt(tx, identityCheckKeys(idNumber, ipAddress).mismatch, now()), COUNTING);
    },
    async recordCodeSent(idNumber: string, ipAddress: string | null): Promise<void> {
      const at = now();
      const spentBudget = await store.atomically(async (tx) => {
        await recordAttempt(tx, identityCheckKeys(idNumber, ipAddress).codeSent, at);
        return smsBudget.countSent(tx, at);
      }, COUNTING);
      // After the commit: the transaction may run more than once, the alert must not.
      if (spentBudget) smsBudget.reportSpent();
    },
  };
}

export type IdentityCheckThrottle = ReturnType<typeof createIdentityCheckThrottle>;
