// Appointment reminders: a notification to the patient (and to whoever
// booked for them) before each booked appointment.
import { notify } from '../notifications/notify.js';
import { toGlobalId } from '../../server/global-id.js';
import type { HealthDeps } from './deps.js';
import { appointmentReminder } from './messages.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Reminders go out for appointments starting within this window. */
export const REMINDER_WINDOW_MS = DAY_MS;

export function createReminders(deps: HealthDeps) {
  const { store, now } = deps;
  return {
    /**
     * Writes a reminder notification for every booked appointment starting
     * within the next 24 hours that has none yet. Idempotent: each appointment
     * is marked in the transaction that writes its reminder. The platform runs
     * it on an interval.
     */
    async sendAppointmentReminders(): Promise<number> {
      const at = now();
      const due = await store.dueReminders(at, new Date(at.getTime() + REMINDER_WINDOW_MS));
      if (due.length === 0) return 0;
      // The person behind each booking account, read before the transaction:
      // another module's reads do not belong inside this one.
      const bookers = new Map<number, string | null>();
      for (const accountId of new Set(due.map((a) => a.bookedByAccountId))) {
        bookers.set(accountId, (await deps.identity.findAccount(accountId))?.personIdNumber ?? null);
      }
      // Marked in the transaction that writes the reminder: an appointment
      // another run (in any instance) has reminded meanwhile is skipped.
      return store.atomically(async (ops) => {
        let sent = 0;
        for (const appointment of due) {
          if (!(await ops.markReminderSent(appointment.id, at))) continue;
          const facility = (await ops.facility((await ops.slot(appointment.slotId))!.facilityId))!;
          const message = appointmentReminder(facility, appointment.startsAt);
          const subjectId = toGlobalId('Appointment', appointment.id);
          await notify(ops.tx, { personIdNumber: appointment.personIdNumber, kind: 'APPOINTMENT_REMINDER', ...message, subjectId }, at);
          const booker = bookers.get(appointment.bookedByAccountId);
          if (booker && booker !== appointment.personIdNumber) {
            await notify(ops.tx, { personIdNumber: booker, kind: 'APPOINTMENT_REMINDER', ...message, subjectId }, at);
          }
          sent += 1;
        }
        return sent;
      });
    },
  };
}
