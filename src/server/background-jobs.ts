// Work that runs on a timer in every server process. Each job is safe to run
// from several processes at once: what it does is claimed in a transaction or
// guarded by a unique index.
import type { Logger } from 'pino';
import type { Services } from './services.js';

interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export function startBackgroundJobs(services: Services, logger: Logger): () => void {
  const jobs: Job[] = [
    // Payments a crash left between "reserved" and "charged": the gateway is
    // asked what happened, so their bills do not stay reserved.
    { name: 'settle unfinished payments', everyMs: 60_000, run: () => services.payments.settleUnfinished() },
    // Refunds are written with the change that owes them and credited here, outside any transaction.
    { name: 'send pending refunds', everyMs: 60_000, run: () => services.payments.sendPendingRefunds() },
    { name: 'appointment reminders', everyMs: 5 * 60_000, run: () => services.health.sendAppointmentReminders() },
    // Billed once per dependent and month however often this runs.
    { name: 'dependent fees', everyMs: 60 * 60_000, run: () => services.family.billDependentFees() },
  ];
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      job.run().catch((err: unknown) => logger.error({ err, job: job.name }, 'background job failed'));
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return () => timers.forEach((timer) => clearInterval(timer));
}
