// Leases on background jobs, held in the database so they bind every
// instance (and both dialects) alike: a job runs where its lease was taken,
// and nowhere else until the run ends or the lease lapses.
import { randomUUID } from 'node:crypto';
import { and, eq, lte, or } from 'drizzle-orm';
import { rowsChanged, type Database } from '../../db/database.js';
import { jobLeases } from './tables.js';

export interface JobLeases {
  /** This instance's name in the lease rows. */
  readonly holder: string;
  /** Runs `work` if this instance can take the job's lease now; false (and nothing run) if another holds it. */
  runExclusive(job: string, leaseMs: number, work: () => Promise<unknown>): Promise<boolean>;
}

// Leases follow the machine's real clock, not the domain clock tests move.
export function createJobLeases(db: Database, holder: string = randomUUID()): JobLeases {
  async function take(job: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    return db.atomically(async (tx) => {
      await tx.insert(jobLeases).values({ name: job, holder: '', leaseUntil: new Date(0) }).onConflictDoNothing();
      const taken = await tx
        .update(jobLeases)
        .set({ holder, leaseUntil: new Date(now.getTime() + leaseMs) })
        .where(and(eq(jobLeases.name, job), or(lte(jobLeases.leaseUntil, now), eq(jobLeases.holder, holder))));
      return rowsChanged(taken) === 1;
    });
  }

  async function release(job: string): Promise<void> {
    await db.atomically(async (tx) => {
      await tx.update(jobLeases).set({ holder: '', leaseUntil: new Date(0) }).where(and(eq(jobLeases.name, job), eq(jobLeases.holder, holder)));
    });
  }

  return {
    holder,
    async runExclusive(job, leaseMs, work) {
      if (!(await take(job, leaseMs))) return false;
      try {
        await work();
      } finally {
        await release(job);
      }
      return true;
    },
  };
}
