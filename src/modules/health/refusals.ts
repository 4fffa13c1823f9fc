// Refusing from inside a write transaction: the refusal is thrown so the
// transaction rolls back, then answered as a typed userError.
import type { Transaction } from '../../db/transaction.js';
import type { Outcome } from '../../server/user-errors.js';
import type { HealthErrorCode } from './errors.js';
import type { HealthStore, HealthTx } from './store.js';

/** A refusal decided inside a transaction: thrown to roll back, then answered. */
export class Refused extends Error {
  constructor(readonly outcome: Outcome<never, HealthErrorCode>) {
    super('refused');
  }
}

/** Runs `work` in one transaction; a `Refused` thrown inside rolls it back and becomes the answer. */
export function createRefusableRunner(store: HealthStore) {
  return async function runRefusable<T>(work: (ops: HealthTx, tx: Transaction) => Outcome<T, HealthErrorCode>): Promise<Outcome<T, HealthErrorCode>> {
    try {
      return await store.atomically(work);
    } catch (error) {
      if (error instanceof Refused) return error.outcome;
      throw error;
    }
  };
}

/** The unique index a failed statement hit, if it was a unique violation. */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return e.message;
  }
  return null;
}
