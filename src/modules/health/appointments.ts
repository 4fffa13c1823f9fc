// Booking appointments, for oneself or for a dependent one may act for:
// facilities and their slots, book, cancel, reschedule, and the reads of
// appointments (a read by someone other than the patient is logged).
import type { AccountRow } from '../identity/tables.js';
import type { ActingAuthority } from '../family/authority.js';
import { recordDelegatedAction, DelegationNotInForceError } from '../family/delegation-log.js';
import { violatedUniqueIndex } from '../../db/errors.js';
import { Rollback, type Tx } from '../../db/database.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { HealthErrorCode } from './errors.js';
import type { HealthDeps } from './deps.js';
import { createActing, type Actor, type ReadContext } from './acting.js';
import type { HealthTx, SlotWithBooking } from './store.js';
import type { AppointmentRow } from './tables.js';

export interface SlotView extends SlotWithBooking {
  available: boolean;
}

type AppointmentSlotChecked = NonNullable<Awaited<ReturnType<HealthTx['slot']>>>;

export function createAppointments(deps: HealthDeps) {
  const { store, now } = deps;
  const { actor, authorityOver, logRead, personRead } = createActing(deps);

  /** Writes the delegation log row when the act rests on a delegation (rolls back if it ended meanwhile). */
  async function logDelegatedAct(tx: Tx, who: Actor, authority: ActingAuthority, patientIdNumber: string, action: string, appointment: AppointmentRow): Promise<void> {
    if (authority.kind !== 'DELEGATION' || authority.delegationId === null) return;
    try {
      await recordDelegatedAction(tx, {
        delegationId: authority.delegationId,
        actorIdNumber: who.idNumber,
        actorAccountId: who.accountId,
        subjectIdNumber: patientIdNumber,
        action,
        subjectId: toGlobalId('Appointment', appointment.id),
        at: now(),
      });
    } catch (error) {
      if (error instanceof DelegationNotInForceError) throw new Rollback(refuse('APPOINTMENT_NOT_FOUND', ['appointmentId']));
      throw error;
    }
  }

  const slotView = (slot: SlotWithBooking): SlotView => ({ ...slot, available: !slot.booked && slot.startsAt.getTime() > now().getTime() });

  // The slot is taken by the insert itself: the partial unique index on
  // BOOKED appointments decides between concurrent bookings, whatever the
  // process or instance; its violation is the answer SLOT_UNAVAILABLE. The
  // violation leaves the transaction (which it has ended, on PostgreSQL) and
  // is translated here, outside it.
  async function translateBookingConflict(error: unknown, slotId: number): Promise<Outcome<never, HealthErrorCode>> {
    const violated = violatedUniqueIndex(error);
    if (violated === 'appointments_one_per_slot') return refuse('SLOT_UNAVAILABLE', ['slotId']);
    if (violated !== 'appointments_one_per_person_time') throw error;
    // Same person, same start: the slot itself may be what is taken (a
    // statement breaking both indexes names only one of them).
    return (await store.slotIsBooked(slotId)) ? refuse('SLOT_UNAVAILABLE', ['slotId']) : refuse('OVERLAPPING_APPOINTMENT', ['slotId']);
  }

  /** The slot, if it can still be booked; else the refusal, thrown to roll back what the transaction wrote. */
  async function checkSlot(ops: HealthTx, slotId: number): Promise<AppointmentSlotChecked> {
    const slot = await ops.slot(slotId);
    if (!slot) throw new Rollback(refuse('SLOT_NOT_FOUND', ['slotId']));
    if (slot.startsAt.getTime() <= now().getTime()) throw new Rollback(refuse('SLOT_IN_PAST', ['slotId']));
    return slot;
  }

  async function visibleAppointment(who: Actor, appointmentId: number): Promise<{ appointment: AppointmentRow; authority: ActingAuthority } | null> {
    const appointment = await store.appointment(appointmentId);
    if (!appointment) return null;
    const authority = await authorityOver(who, appointment.personIdNumber);
    return authority ? { appointment, authority } : null;
  }

  return {
    // ---- facilities and slots (no personal data) ----
    facilities: (city: string | null) => store.facilities(city),
    facilitiesByIds: (ids: readonly number[]) => store.facilitiesByIds(ids),
    async slotsByIds(ids: readonly number[]): Promise<SlotView[]> {
      return (await store.slotsByIds(ids)).map(slotView);
    },
    /** A facility's slots whose start falls in [from, until). */
    async slots(facilityId: number, from: Date, until: Date): Promise<SlotView[]> {
      return (await store.slotsOfFacility(facilityId, from, until)).map(slotView);
    },

    // ---- appointments ----
    async book(who: Actor, slotId: number | null, forIdNumber: string | null): Promise<Outcome<AppointmentRow, HealthErrorCode>> {
      const patientIdNumber = forIdNumber ?? who.idNumber;
      const authority = await authorityOver(who, patientIdNumber);
      if (!authority) return refuse('PATIENT_NOT_FOUND', ['forIdNumber']);
      if (slotId === null) return refuse('SLOT_NOT_FOUND', ['slotId']);
      try {
        // Awaited here so that a constraint violation lands in this catch.
        return await store.atomically(async (ops): Promise<Outcome<AppointmentRow, HealthErrorCode>> => {
          const slot = await checkSlot(ops, slotId);
          const appointment = await ops.insertAppointment({
            slotId, personIdNumber: patientIdNumber, bookedByAccountId: who.accountId,
            startsAt: slot.startsAt, endsAt: slot.endsAt, status: 'BOOKED',
            delegationId: authority.delegationId, createdAt: now(),
          });
          // Checked after the insert so that a taken slot answers SLOT_UNAVAILABLE first.
          if (await ops.overlapping(patientIdNumber, slot.startsAt, slot.endsAt, appointment.id)) {
            throw new Rollback(refuse('OVERLAPPING_APPOINTMENT', ['slotId']));
          }
          await logDelegatedAct(ops.tx, who, authority, patientIdNumber, 'APPOINTMENT_BOOKED', appointment);
          return succeed(appointment);
        });
      } catch (error) {
        return translateBookingConflict(error, slotId);
      }
    },

    async cancel(who: Actor, appointmentId: number | null): Promise<Outcome<AppointmentRow, HealthErrorCode>> {
      const visible = appointmentId === null ? null : await visibleAppointment(who, appointmentId);
      if (!visible) return refuse('APPOINTMENT_NOT_FOUND', ['appointmentId']);
      const { appointment, authority } = visible;
      return store.atomically(async (ops): Promise<Outcome<AppointmentRow, HealthErrorCode>> => {
        const current = (await ops.appointment(appointment.id))!;
        if (current.status !== 'BOOKED' || current.startsAt.getTime() <= now().getTime()) return refuse('APPOINTMENT_NOT_BOOKED', ['appointmentId']);
        const cancelled = await ops.updateAppointment(current.id, { status: 'CANCELLED', cancelledAt: now() });
        await logDelegatedAct(ops.tx, who, authority, current.personIdNumber, 'APPOINTMENT_CANCELLED', cancelled);
        return succeed(cancelled);
      });
    },

    /** Moves the appointment: one UPDATE takes the new slot and frees the old, so it happens whole or not at all. */
    async reschedule(who: Actor, appointmentId: number | null, slotId: number | null): Promise<Outcome<AppointmentRow, HealthErrorCode>> {
      const visible = appointmentId === null ? null : await visibleAppointment(who, appointmentId);
      if (!visible) return refuse('APPOINTMENT_NOT_FOUND', ['appointmentId']);
      if (slotId === null) return refuse('SLOT_NOT_FOUND', ['slotId']);
      const { appointment, authority } = visible;
      try {
        // Awaited here so that a constraint violation lands in this catch.
        return await store.atomically(async (ops): Promise<Outcome<AppointmentRow, HealthErrorCode>> => {
          const current = (await ops.appointment(appointment.id))!;
          if (current.status !== 'BOOKED' || current.startsAt.getTime() <= now().getTime()) return refuse('APPOINTMENT_NOT_BOOKED', ['appointmentId']);
          if (current.slotId === slotId) return refuse('SLOT_UNAVAILABLE', ['slotId']);
          const slot = await checkSlot(ops, slotId);
          const moved = await ops.updateAppointment(current.id, { slotId, startsAt: slot.startsAt, endsAt: slot.endsAt, reminderSentAt: null });
          if (await ops.overlapping(current.personIdNumber, slot.startsAt, slot.endsAt, current.id)) {
            throw new Rollback(refuse('OVERLAPPING_APPOINTMENT', ['slotId']));
          }
          await logDelegatedAct(ops.tx, who, authority, current.personIdNumber, 'APPOINTMENT_RESCHEDULED', moved);
          return succeed(moved);
        });
      } catch (error) {
        return translateBookingConflict(error, slotId);
      }
    },

    /**
     * The appointment if `who` may see it (the patient, or someone who may
     * still act for them); a read by someone else is written to the patient's
     * access log.
     */
    async appointmentFor(who: Actor, appointmentId: number, context: ReadContext): Promise<AppointmentRow | null> {
      const visible = await visibleAppointment(who, appointmentId);
      if (!visible) return null;
      if (visible.authority.kind !== 'SELF') {
        await store.atomically((ops) => logRead(ops.tx, personRead(who, visible.appointment.personIdNumber, 'APPOINTMENTS', visible.authority.kind, context)));
      }
      return visible.appointment;
    },

    /** The person's appointments and those of the people they booked for while they may still act for them. */
    async appointmentsOf(account: AccountRow, limit: number, beforeId: number | null, context: ReadContext) {
      const who = await actor(account.id);
      const others = await store.patientsBookedBy(account.id, account.personIdNumber);
      const grounds = new Map<string, ActingAuthority>();
      for (const other of others) {
        const authority = await deps.actingAuthority(account.personIdNumber, other);
        if (authority) grounds.set(other, authority);
      }
      const patients = [account.personIdNumber, ...grounds.keys()];
      const [rows, total] = await Promise.all([store.appointmentsOf(patients, limit, beforeId), store.countAppointmentsOf(patients)]);
      const othersShown = [...new Set(rows.slice(0, Math.max(0, limit - 1)).map((r) => r.personIdNumber))].filter((id) => grounds.has(id));
      if (othersShown.length) {
        await store.atomically(async (ops) => {
          for (const other of othersShown) await logRead(ops.tx, personRead(who, other, 'APPOINTMENTS', grounds.get(other)!.kind, context));
        });
      }
      return { rows, total };
    },
  };
}
