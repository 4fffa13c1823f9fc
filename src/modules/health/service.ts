// Health: booking appointments (for oneself or a dependent), reminders, the
// encrypted health record and medication renewals. Every read that opens
// clinical data writes its access-log row in the same transaction, so a read
// is never served without its trace.
import type { AccountRow } from '../identity/tables.js';
import type { RegistryService } from '../registry/service.js';
import type { ActingAuthority } from '../family/authority.js';
import { recordDelegatedAction, DelegationNotInForceError } from '../family/delegation-log.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { notify } from '../notifications/notify.js';
import type { Transaction } from '../../db/transaction.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { HealthErrorCode } from './errors.js';
import type { HealthKeyRing } from './data-keys.js';
import { open, seal } from './sealed.js';
import type { HealthStore, HealthTx, SlotWithBooking } from './store.js';
import type { AppointmentRow, HealthFacilityRow, MedicationRenewalRow, PrescriptionRow } from './tables.js';
import { appointmentReminder, renewalDecided } from './messages.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Reminders go out for appointments starting within this window. */
export const REMINDER_WINDOW_MS = DAY_MS;

export interface HealthDeps {
  store: HealthStore;
  registry: RegistryService;
  identity: { findAccount(id: number): Promise<AccountRow | undefined> };
  /** Who may book for whom: services.family.actingAuthority for DEPENDENT_APPOINTMENTS. */
  actingAuthority: (actorIdNumber: string, subjectIdNumber: string) => Promise<ActingAuthority | null>;
  keys: HealthKeyRing;
  now: () => Date;
}

/** The clinical part of a health record, as stored (encrypted) and shown. */
export interface ClinicalRecord {
  bloodType: string | null;
  allergies: string[];
  conditions: string[];
}

interface PrescriptionDetails {
  medication: string;
  dosage: string;
  prescriber: string;
  /** The refills the prescription was written with; an approved renewal restores them. */
  refills: number;
}

export interface RenewalView {
  id: number;
  status: MedicationRenewalRow['status'];
  medication: string;
  patientIdNumber: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface PrescriptionView extends PrescriptionDetails {
  id: number;
  refillsLeft: number;
  prescribedOn: string;
  expiresOn: string;
  pendingRenewal: RenewalView | null;
}

export interface HealthRecordView extends ClinicalRecord {
  prescriptions: PrescriptionView[];
}

export interface SlotView extends SlotWithBooking {
  available: boolean;
}

/** Who is reading or acting, resolved once per call for the access log. */
export interface Actor {
  accountId: number;
  idNumber: string;
  name: string;
  roles: string[];
}

export interface ReadContext {
  requestId: string;
}

/** A refusal decided inside a transaction: thrown to roll back, then answered. */
class Refused extends Error {
  constructor(readonly outcome: Outcome<never, HealthErrorCode>) {
    super('refused');
  }
}

// The additional data each ciphertext is sealed with: a record cannot be
// moved to another person's row, nor a prescription to another prescription.
const recordBinding = (idNumber: string) => `health_record:${idNumber}`;
const prescriptionBinding = (idNumber: string) => `prescription:${idNumber}`;

/** The unique index a failed statement hit, if it was a unique violation. */
function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return e.message;
  }
  return null;
}

export function createHealthService(deps: HealthDeps) {
  const { store, keys, now } = deps;

  function runRefusable<T>(work: (ops: HealthTx, tx: Transaction) => Outcome<T, HealthErrorCode>): Outcome<T, HealthErrorCode> {
    try {
      return store.atomically(work);
    } catch (error) {
      if (error instanceof Refused) return error.outcome;
      throw error;
    }
  }

  async function actor(accountId: number, roles: string[] = []): Promise<Actor> {
    const account = await deps.identity.findAccount(accountId);
    if (!account) throw new Error('acting account vanished');
    const person = await deps.registry.findPerson(account.personIdNumber);
    return { accountId, idNumber: account.personIdNumber, name: person?.nameEn ?? account.username, roles };
  }

  async function authorityOver(who: Actor, patientIdNumber: string): Promise<ActingAuthority | null> {
    if (who.idNumber === patientIdNumber) return { kind: 'SELF', delegationId: null };
    return deps.actingAuthority(who.idNumber, patientIdNumber);
  }

  function logRead(tx: Transaction, entry: Omit<NewAccessLogEntry, 'occurredAt'>) {
    recordAccess(tx, { ...entry, occurredAt: now() });
  }

  function personRead(who: Actor, personIdNumber: string, dataCategory: string, purpose: string, context: ReadContext) {
    const self = who.idNumber === personIdNumber;
    return {
      personIdNumber,
      accessorKind: self ? ('PERSON' as const) : ('DELEGATE' as const),
      accessorId: String(who.accountId),
      accessorName: who.name,
      accessorRole: null,
      purpose,
      dataCategory,
      requestId: context.requestId,
    };
  }

  /** Writes the delegation log row when the act rests on a delegation (rolls back if it ended meanwhile). */
  function logDelegatedAct(tx: Transaction, who: Actor, authority: ActingAuthority, patientIdNumber: string, action: string, appointment: AppointmentRow) {
    if (authority.kind !== 'DELEGATION' || authority.delegationId === null) return;
    try {
      recordDelegatedAction(tx, {
        delegationId: authority.delegationId,
        actorIdNumber: who.idNumber,
        actorAccountId: who.accountId,
        subjectIdNumber: patientIdNumber,
        action,
        subjectId: toGlobalId('Appointment', appointment.id),
        at: now(),
      });
    } catch (error) {
      if (error instanceof DelegationNotInForceError) throw new Refused(refuse('APPOINTMENT_NOT_FOUND', ['appointmentId']));
      throw error;
    }
  }

  function openPrescription(row: PrescriptionRow, pending: MedicationRenewalRow | undefined): PrescriptionView {
    const details = open<PrescriptionDetails>(keys, row, prescriptionBinding(row.personIdNumber));
    return {
      ...details,
      id: row.id,
      refillsLeft: row.refillsLeft,
      prescribedOn: row.prescribedOn,
      expiresOn: row.expiresOn,
      pendingRenewal: pending ? renewalView(pending, row.personIdNumber, details.medication) : null,
    };
  }

  function renewalView(row: MedicationRenewalRow, patientIdNumber: string, medication: string): RenewalView {
    return {
      id: row.id, status: row.status, medication, patientIdNumber,
      requestedAt: row.createdAt, decidedAt: row.decidedAt, decisionNote: row.decisionNote,
    };
  }

  const slotView = (slot: SlotWithBooking): SlotView => ({ ...slot, available: !slot.booked && slot.startsAt.getTime() > now().getTime() });

  // The slot is taken by the insert itself: the partial unique index on
  // BOOKED appointments decides between concurrent bookings, whatever the
  // process; its violation is the answer SLOT_UNAVAILABLE.
  function translateBookingConflict(error: unknown, slotId: number): Outcome<never, HealthErrorCode> {
    const violated = uniqueViolation(error);
    if (violated === null) throw error;
    if (violated.includes('appointments.slot_id')) return refuse('SLOT_UNAVAILABLE', ['slotId']);
    // Same person, same start: the slot itself may be what is taken.
    const taken = store.atomically((ops) => ops.slotIsBooked(slotId));
    return taken ? refuse('SLOT_UNAVAILABLE', ['slotId']) : refuse('OVERLAPPING_APPOINTMENT', ['slotId']);
  }

  function checkSlot(ops: HealthTx, slotId: number): AppointmentSlotChecked {
    const slot = ops.slot(slotId);
    if (!slot) throw new Refused(refuse('SLOT_NOT_FOUND', ['slotId']));
    if (slot.startsAt.getTime() <= now().getTime()) throw new Refused(refuse('SLOT_IN_PAST', ['slotId']));
    return slot;
  }

  async function visibleAppointment(who: Actor, appointmentId: number): Promise<{ appointment: AppointmentRow; authority: ActingAuthority } | null> {
    const appointment = await store.appointment(appointmentId);
    if (!appointment) return null;
    const authority = await authorityOver(who, appointment.personIdNumber);
    return authority ? { appointment, authority } : null;
  }

  type AppointmentSlotChecked = NonNullable<ReturnType<HealthTx['slot']>>;

  return {
    actor,
    /** Today's date in Riyadh (UTC+3 all year), by the service's clock. */
    today: () => new Date(now().getTime() + 3 * HOUR_MS).toISOString().slice(0, 10),

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
        return runRefusable((ops, tx) => {
          const slot = checkSlot(ops, slotId);
          const appointment = ops.insertAppointment({
            slotId, personIdNumber: patientIdNumber, bookedByAccountId: who.accountId,
            startsAt: slot.startsAt, endsAt: slot.endsAt, status: 'BOOKED',
            delegationId: authority.delegationId, createdAt: now(),
          });
          // Checked after the insert so that a taken slot answers SLOT_UNAVAILABLE first.
          if (ops.overlapping(patientIdNumber, slot.startsAt, slot.endsAt, appointment.id)) {
            throw new Refused(refuse('OVERLAPPING_APPOINTMENT', ['slotId']));
          }
          logDelegatedAct(tx, who, authority, patientIdNumber, 'APPOINTMENT_BOOKED', appointment);
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
      return runRefusable((ops, tx) => {
        const current = ops.appointment(appointment.id)!;
        if (current.status !== 'BOOKED' || current.startsAt.getTime() <= now().getTime()) return refuse('APPOINTMENT_NOT_BOOKED', ['appointmentId']);
        const cancelled = ops.updateAppointment(current.id, { status: 'CANCELLED', cancelledAt: now() });
        logDelegatedAct(tx, who, authority, current.personIdNumber, 'APPOINTMENT_CANCELLED', cancelled);
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
        return runRefusable((ops, tx) => {
          const current = ops.appointment(appointment.id)!;
          if (current.status !== 'BOOKED' || current.startsAt.getTime() <= now().getTime()) return refuse('APPOINTMENT_NOT_BOOKED', ['appointmentId']);
          if (current.slotId === slotId) return refuse('SLOT_UNAVAILABLE', ['slotId']);
          const slot = checkSlot(ops, slotId);
          const moved = ops.updateAppointment(current.id, { slotId, startsAt: slot.startsAt, endsAt: slot.endsAt, reminderSentAt: null });
          if (ops.overlapping(current.personIdNumber, slot.startsAt, slot.endsAt, current.id)) {
            throw new Refused(refuse('OVERLAPPING_APPOINTMENT', ['slotId']));
          }
          logDelegatedAct(tx, who, authority, current.personIdNumber, 'APPOINTMENT_RESCHEDULED', moved);
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
        store.atomically((_ops, tx) => logRead(tx, personRead(who, visible.appointment.personIdNumber, 'APPOINTMENTS', visible.authority.kind, context)));
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
        store.atomically((_ops, tx) => {
          for (const other of othersShown) logRead(tx, personRead(who, other, 'APPOINTMENTS', grounds.get(other)!.kind, context));
        });
      }
      return { rows, total };
    },

    /**
     * Writes a reminder notification for every booked appointment starting
     * within the next 24 hours that has none yet. Idempotent: each appointment
     * is marked in the transaction that writes its reminder. The platform runs
     * it on an interval.
     */
    async sendAppointmentReminders(): Promise<number> {
      const at = now();
      const due = store.atomically((ops) => ops.dueReminders(at, new Date(at.getTime() + REMINDER_WINDOW_MS)));
      if (due.length === 0) return 0;
      // The person behind each booking account, read before the transaction (no await inside one).
      const bookers = new Map<number, string | null>();
      for (const accountId of new Set(due.map((a) => a.bookedByAccountId))) {
        bookers.set(accountId, (await deps.identity.findAccount(accountId))?.personIdNumber ?? null);
      }
      return store.atomically((ops, tx) => {
        let sent = 0;
        for (const appointment of due) {
          if (!ops.markReminderSent(appointment.id, at)) continue;
          const facility = ops.facility(ops.slot(appointment.slotId)!.facilityId)!;
          const message = appointmentReminder(facility, appointment.startsAt);
          const subjectId = toGlobalId('Appointment', appointment.id);
          notify(tx, { personIdNumber: appointment.personIdNumber, kind: 'APPOINTMENT_REMINDER', ...message, subjectId }, at);
          const booker = bookers.get(appointment.bookedByAccountId);
          if (booker && booker !== appointment.personIdNumber) {
            notify(tx, { personIdNumber: booker, kind: 'APPOINTMENT_REMINDER', ...message, subjectId }, at);
          }
          sent += 1;
        }
        return sent;
      });
    },

    // ---- health record and prescriptions ----
    /** The person's own record; the read is logged in the same transaction. */
    healthRecordOf(who: Actor, context: ReadContext): HealthRecordView | null {
      return store.atomically((ops, tx) => {
        const record = ops.record(who.idNumber);
        const prescriptions = ops.prescriptionsOf(who.idNumber);
        if (!record && prescriptions.length === 0) return null;
        logRead(tx, personRead(who, who.idNumber, 'HEALTH_RECORD', 'OWN_RECORD', context));
        const clinical = record ? open<ClinicalRecord>(keys, record, recordBinding(who.idNumber)) : { bloodType: null, allergies: [], conditions: [] };
        const pending = new Map(ops.pendingRenewalsOf(prescriptions.map((p) => p.id)).map((r) => [r.prescriptionId, r]));
        return { ...clinical, prescriptions: prescriptions.map((p) => openPrescription(p, pending.get(p.id))) };
      });
    },

    requestRenewal(who: Actor, prescriptionId: number | null, context: ReadContext): Outcome<RenewalView, HealthErrorCode> {
      try {
        return runRefusable((ops, tx) => {
          const prescription = prescriptionId === null ? undefined : ops.prescription(prescriptionId);
          if (!prescription || prescription.personIdNumber !== who.idNumber) return refuse('PRESCRIPTION_NOT_FOUND', ['prescriptionId']);
          if (prescription.refillsLeft > 0) return refuse('REFILLS_REMAINING', ['prescriptionId']);
          if (ops.pendingRenewalsOf([prescription.id]).length) return refuse('RENEWAL_ALREADY_PENDING', ['prescriptionId']);
          const request = ops.insertRenewal({ prescriptionId: prescription.id, requestedByAccountId: who.accountId, status: 'PENDING', createdAt: now() });
          logRead(tx, personRead(who, who.idNumber, 'PRESCRIPTIONS', 'MEDICATION_RENEWAL_REQUEST', context));
          return succeed(renewalView(request, who.idNumber, openPrescription(prescription, undefined).medication));
        });
      } catch (error) {
        if (uniqueViolation(error)?.includes('medication_renewal_requests.prescription_id')) return refuse('RENEWAL_ALREADY_PENDING', ['prescriptionId']);
        throw error;
      }
    },

    /** A health officer's queue; each patient whose prescription is shown gets an access-log row. */
    async renewalQueue(officer: Actor, status: MedicationRenewalRow['status'], limit: number, afterId: number | null, context: ReadContext) {
      const total = await store.countRenewals(status);
      const rows = store.atomically((ops, tx) => {
        const requests = ops.renewals(status, limit, afterId);
        const prescriptions = new Map(ops.prescriptionsByIds([...new Set(requests.map((r) => r.prescriptionId))]).map((p) => [p.id, p]));
        const shown = requests.slice(0, Math.max(0, limit - 1));
        for (const idNumber of new Set(shown.map((r) => prescriptions.get(r.prescriptionId)!.personIdNumber))) {
          logRead(tx, officerRead(officer, idNumber, 'MEDICATION_RENEWAL_REVIEW', context));
        }
        return requests.map((r) => {
          const prescription = prescriptions.get(r.prescriptionId)!;
          return renewalView(r, prescription.personIdNumber, openPrescription(prescription, undefined).medication);
        });
      });
      return { rows, total };
    },

    decideRenewal(officer: Actor, requestId: number | null, approve: boolean, note: string | null, context: ReadContext): Outcome<RenewalView, HealthErrorCode> {
      if (note !== null && note.length > 500) return refuse('NOTE_TOO_LONG', ['note']);
      return runRefusable((ops, tx) => {
        const request = requestId === null ? undefined : ops.renewal(requestId);
        if (!request) return refuse('RENEWAL_NOT_FOUND', ['requestId']);
        const decided = ops.decideRenewal(request.id, {
          status: approve ? 'APPROVED' : 'REJECTED', decidedByAccountId: officer.accountId, decisionNote: note, decidedAt: now(),
        });
        if (!decided) return refuse('RENEWAL_ALREADY_DECIDED', ['requestId']);
        const prescription = ops.prescription(request.prescriptionId)!;
        const details = openPrescription(prescription, undefined);
        if (approve) ops.setRefillsLeft(prescription.id, Math.max(1, details.refills));
        logRead(tx, officerRead(officer, prescription.personIdNumber, 'MEDICATION_RENEWAL_DECISION', context));
        // The notification table is not encrypted: it names no medication.
        notify(tx, { personIdNumber: prescription.personIdNumber, ...renewalDecided(approve), subjectId: toGlobalId('MedicationRenewalRequest', decided.id) }, now());
        return succeed(renewalView(decided, prescription.personIdNumber, details.medication));
      });
    },

    // ---- set-up for the demo seed and tests ----
    async addFacility(input: { code: string; name: { ar: string; en: string }; city: string; kind: HealthFacilityRow['kind'] }): Promise<HealthFacilityRow> {
      return store.atomically((ops) => ops.insertFacility({ code: input.code, nameAr: input.name.ar, nameEn: input.name.en, city: input.city, kind: input.kind }));
    },
    async openSlots(facilityId: number, slots: Array<{ department: string; startsAt: Date; endsAt: Date }>) {
      for (const slot of slots) {
        if (slot.endsAt.getTime() <= slot.startsAt.getTime()) throw new Error('a slot must end after it starts');
      }
      return store.atomically((ops) => slots.map((slot) => ops.insertSlot({ facilityId, ...slot })));
    },
    /** Writes (or replaces) a person's clinical record, encrypted with the current key. */
    async recordHealthData(personIdNumber: string, record: ClinicalRecord): Promise<void> {
      const sealed = seal(keys, record, recordBinding(personIdNumber));
      store.atomically((ops) => ops.saveRecord({ personIdNumber, ...sealed, updatedAt: now() }));
    },
    async addPrescription(
      personIdNumber: string,
      input: PrescriptionDetails & { refillsLeft?: number; prescribedOn: string; expiresOn: string },
    ): Promise<PrescriptionRow> {
      const { medication, dosage, prescriber, refills } = input;
      const sealed = seal(keys, { medication, dosage, prescriber, refills }, prescriptionBinding(personIdNumber));
      return store.atomically((ops) =>
        ops.insertPrescription({
          personIdNumber, ...sealed, refillsLeft: input.refillsLeft ?? refills, prescribedOn: input.prescribedOn, expiresOn: input.expiresOn,
        }),
      );
    },
  };

  function officerRead(officer: Actor, personIdNumber: string, purpose: string, context: ReadContext) {
    return {
      personIdNumber,
      accessorKind: 'OFFICER' as const,
      accessorId: String(officer.accountId),
      accessorName: officer.name,
      accessorRole: 'HEALTH_OFFICER',
      purpose,
      dataCategory: 'PRESCRIPTIONS',
      requestId: context.requestId,
    };
  }
}

export type HealthService = ReturnType<typeof createHealthService>;
