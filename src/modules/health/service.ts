// Health: booking appointments (for oneself or a dependent), reminders, the
// encrypted health record and medication renewals. Every read that opens
// clinical data writes its access-log row in the same transaction, so a read
// is never served without its trace.
//
// The parts live next to this file, one concern each; this file only
// composes them into the one service that resolvers, the demo seed, the
// background jobs and the tests call.
import type { HealthDeps } from './deps.js';
import { createActing } from './acting.js';
import { createAppointments } from './appointments.js';
import { createReminders } from './reminders.js';
import { createHealthRecord } from './health-record.js';
import { createMedicationRenewals } from './medication-renewals.js';
import { createHealthSetup } from './setup.js';

// Codegen's mappers (codegen.ts) and other callers name these types through this file.
export type { HealthDeps } from './deps.js';
export type { Actor, ReadContext } from './acting.js';
export type { SlotView } from './appointments.js';
export type { ClinicalRecord, HealthRecordView, PrescriptionView, RenewalView } from './health-record.js';
export { REMINDER_WINDOW_MS } from './reminders.js';

const HOUR_MS = 60 * 60 * 1000;

export function createHealthService(deps: HealthDeps) {
  const { now } = deps;
  return {
    actor: createActing(deps).actor,
    /** Today's date in Riyadh (UTC+3 all year), by the service's clock. */
    today: () => new Date(now().getTime() + 3 * HOUR_MS).toISOString().slice(0, 10),
    ...createAppointments(deps),
    ...createReminders(deps),
    ...createHealthRecord(deps),
    ...createMedicationRenewals(deps),
    ...createHealthSetup(deps),
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
