// Work that runs on a timer in every instance. Each run first takes the
// job's lease in the database (modules/jobs/leases.ts), so however many
// instances run, one does the job at a time and the others skip that turn:
// no gateway call, reminder or fee is ever worked on twice at once. What a
// run writes is still claimed in a transaction or guarded by a unique index,
// so even a lapsed lease cannot double it.
import type { Logger } from 'pino';
import type { Services } from './services.js';
import type { JobLeases } from '../modules/jobs/leases.js';

interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Longer than any run should take; a holder that died frees the job after this. */
const LEASE_MS = 10 * 60_000;

export function backgroundJobs(services: Services): Job[] {
  return [
    // Payments a crash left between "reserved" and "charged": the gateway is
    // asked what happened, so their bills do not stay reserved.
    { name: 'settle unfinished payments', everyMs: 60_000, run: () => services.payments.settleUnfinished() },
    // Refunds are written with the change that owes them and credited here, outside any transaction.
    { name: 'send pending refunds', everyMs: 60_000, run: () => services.payments.sendPendingRefunds() },
    { name: 'appointment reminders', everyMs: 5 * 60_000, run: () => services.health.sendAppointmentReminders() },
    // Billed once per dependent and month however often this runs.
    { name: 'dependent fees', everyMs: 60 * 60_000, run: () => services.family.billDependentFees() },
  ];
}

/** Runs one job now if no other instance is running it; false when it was skipped. */
export function runJob(leases: JobLeases, job: Job): Promise<boolean> {
  return leases.runExclusive(job.name, LEASE_MS, job.run);
}

export function startBackgroundJobs(jobs: Job[], leases: JobLeases, logger: Logger): () => void {
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      runJob(leases, job).catch((err: unknown) => logger.error({ err, job: job.name }, 'background job failed'));
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return () => timers.forEach((timer) => clearInterval(timer));
}
