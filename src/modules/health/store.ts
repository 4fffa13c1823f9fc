// The health module's data access: the only code that touches its tables.
// Reads are async functions; writes run through `atomically`, whose callback
// runs synchronously inside one immediate transaction, so a booking's checks
// and insert (or a read of health data and its access-log row) cannot
// interleave with another request's.
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import {
  appointments, appointmentSlots, healthFacilities, healthRecords, medicationRenewals, prescriptions,
  type AppointmentRow, type AppointmentSlotRow, type HealthFacilityRow, type MedicationRenewalRow, type PrescriptionRow,
} from './tables.js';

export type HealthRecordRow = typeof healthRecords.$inferSelect;
export type NewFacility = Omit<typeof healthFacilities.$inferInsert, 'id'>;
export type NewSlot = Omit<typeof appointmentSlots.$inferInsert, 'id'>;
export type NewAppointment = Omit<typeof appointments.$inferInsert, 'id'>;
export type NewPrescription = Omit<typeof prescriptions.$inferInsert, 'id'>;
export type NewRenewal = Omit<typeof medicationRenewals.$inferInsert, 'id'>;

/** A slot with whether a booked appointment holds it. */
export interface SlotWithBooking extends AppointmentSlotRow {
  booked: boolean;
}

// Written out: Drizzle leaves column names unqualified here, and "id" would
// then name the appointment's ID inside the subquery.
const bookedExists = sql<number>`exists (select 1 from appointments held where held.slot_id = "appointment_slots"."id" and held.status = 'BOOKED')`;

function txOperations(tx: Transaction | Db) {
  return {
    slot: (id: number): AppointmentSlotRow | undefined => tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, id)).get(),
    appointment: (id: number): AppointmentRow | undefined => tx.select().from(appointments).where(eq(appointments.id, id)).get(),
    /** The person's booked appointments overlapping [startsAt, endsAt), other than `exceptId`. */
    overlapping: (personIdNumber: string, startsAt: Date, endsAt: Date, exceptId: number | null): AppointmentRow | undefined =>
      tx
        .select()
        .from(appointments)
        .where(
          and(
            eq(appointments.personIdNumber, personIdNumber),
            eq(appointments.status, 'BOOKED'),
            lt(appointments.startsAt, endsAt),
            gt(appointments.endsAt, startsAt),
            exceptId === null ? undefined : ne(appointments.id, exceptId),
          ),
        )
        .get(),
    slotIsBooked: (slotId: number): boolean =>
      tx.select({ id: appointments.id }).from(appointments).where(and(eq(appointments.slotId, slotId), eq(appointments.status, 'BOOKED'))).get() !== undefined,
    insertAppointment: (row: NewAppointment): AppointmentRow => tx.insert(appointments).values(row).returning().get(),
    updateAppointment: (id: number, changes: Partial<NewAppointment>): AppointmentRow =>
      tx.update(appointments).set(changes).where(eq(appointments.id, id)).returning().get()!,
    dueReminders: (after: Date, until: Date): AppointmentRow[] =>
      tx
        .select()
        .from(appointments)
        .where(and(eq(appointments.status, 'BOOKED'), isNull(appointments.reminderSentAt), gt(appointments.startsAt, after), lte(appointments.startsAt, until)))
        .orderBy(asc(appointments.id))
        .all(),
    markReminderSent: (id: number, at: Date): boolean =>
      tx.update(appointments).set({ reminderSentAt: at }).where(and(eq(appointments.id, id), isNull(appointments.reminderSentAt))).run().changes === 1,
    facility: (id: number): HealthFacilityRow | undefined => tx.select().from(healthFacilities).where(eq(healthFacilities.id, id)).get(),
    insertFacility: (row: NewFacility): HealthFacilityRow => tx.insert(healthFacilities).values(row).returning().get(),
    insertSlot: (row: NewSlot): AppointmentSlotRow => tx.insert(appointmentSlots).values(row).returning().get(),

    record: (personIdNumber: string): HealthRecordRow | undefined =>
      tx.select().from(healthRecords).where(eq(healthRecords.personIdNumber, personIdNumber)).get(),
    saveRecord: (row: HealthRecordRow) => {
      tx.insert(healthRecords).values(row).onConflictDoUpdate({ target: healthRecords.personIdNumber, set: row }).run();
    },
    prescription: (id: number): PrescriptionRow | undefined => tx.select().from(prescriptions).where(eq(prescriptions.id, id)).get(),
    prescriptionsOf: (personIdNumber: string): PrescriptionRow[] =>
      tx.select().from(prescriptions).where(eq(prescriptions.personIdNumber, personIdNumber)).orderBy(desc(prescriptions.id)).all(),
    prescriptionsByIds: (ids: number[]): PrescriptionRow[] =>
      ids.length ? tx.select().from(prescriptions).where(inArray(prescriptions.id, ids)).all() : [],
    insertPrescription: (row: NewPrescription): PrescriptionRow => tx.insert(prescriptions).values(row).returning().get(),
    setRefillsLeft: (id: number, refillsLeft: number) => {
      tx.update(prescriptions).set({ refillsLeft }).where(eq(prescriptions.id, id)).run();
    },
    pendingRenewalsOf: (prescriptionIds: number[]): MedicationRenewalRow[] =>
      prescriptionIds.length
        ? tx.select().from(medicationRenewals).where(and(inArray(medicationRenewals.prescriptionId, prescriptionIds), eq(medicationRenewals.status, 'PENDING'))).all()
        : [],
    renewal: (id: number): MedicationRenewalRow | undefined => tx.select().from(medicationRenewals).where(eq(medicationRenewals.id, id)).get(),
    renewals: (status: MedicationRenewalRow['status'], limit: number, afterId: number | null): MedicationRenewalRow[] =>
      tx
        .select()
        .from(medicationRenewals)
        .where(and(eq(medicationRenewals.status, status), afterId === null ? undefined : gt(medicationRenewals.id, afterId)))
        .orderBy(asc(medicationRenewals.id))
        .limit(limit)
        .all(),
    insertRenewal: (row: NewRenewal): MedicationRenewalRow => tx.insert(medicationRenewals).values(row).returning().get(),
    /** Decides a request only if it is still pending (two officers at once: one wins). */
    decideRenewal: (id: number, changes: Pick<NewRenewal, 'status' | 'decidedByAccountId' | 'decisionNote' | 'decidedAt'>): MedicationRenewalRow | undefined =>
      tx
        .update(medicationRenewals)
        .set(changes)
        .where(and(eq(medicationRenewals.id, id), eq(medicationRenewals.status, 'PENDING')))
        .returning()
        .get(),
  };
}

export type HealthTx = ReturnType<typeof txOperations>;

export function createHealthStore(db: Db) {
  const reads = txOperations(db);
  return {
    /** Runs `work` synchronously inside one immediate write transaction. */
    async atomically<T>(work: (ops: HealthTx, tx: Transaction) => T): Promise<T> {
      return writeTransaction(db, (tx) => work(txOperations(tx), tx));
    },
    async facilities(city: string | null): Promise<HealthFacilityRow[]> {
      return db
        .select()
        .from(healthFacilities)
        .where(city === null ? undefined : eq(healthFacilities.city, city))
        .orderBy(asc(healthFacilities.nameEn))
        .limit(500)
        .all();
    },
    async facilitiesByIds(ids: readonly number[]): Promise<HealthFacilityRow[]> {
      return db.select().from(healthFacilities).where(inArray(healthFacilities.id, [...ids])).all();
    },
    async facility(id: number) {
      return reads.facility(id);
    },
    async slotsOfFacility(facilityId: number, from: Date, until: Date): Promise<SlotWithBooking[]> {
      const rows = db
        .select({ slot: appointmentSlots, booked: bookedExists })
        .from(appointmentSlots)
        .where(and(eq(appointmentSlots.facilityId, facilityId), gte(appointmentSlots.startsAt, from), lt(appointmentSlots.startsAt, until)))
        .orderBy(asc(appointmentSlots.startsAt), asc(appointmentSlots.id))
        .limit(1000)
        .all();
      return rows.map(({ slot, booked }) => ({ ...slot, booked: Boolean(booked) }));
    },
    async slotsByIds(ids: readonly number[]): Promise<SlotWithBooking[]> {
      const rows = db.select({ slot: appointmentSlots, booked: bookedExists }).from(appointmentSlots).where(inArray(appointmentSlots.id, [...ids])).all();
      return rows.map(({ slot, booked }) => ({ ...slot, booked: Boolean(booked) }));
    },
    async appointment(id: number) {
      return reads.appointment(id);
    },
    async appointmentsOf(personIdNumbers: string[], limit: number, beforeId: number | null): Promise<AppointmentRow[]> {
      return db
        .select()
        .from(appointments)
        .where(and(inArray(appointments.personIdNumber, personIdNumbers), beforeId === null ? undefined : lt(appointments.id, beforeId)))
        .orderBy(desc(appointments.id))
        .limit(limit)
        .all();
    },
    async countAppointmentsOf(personIdNumbers: string[]): Promise<number> {
      return db.select({ n: count() }).from(appointments).where(inArray(appointments.personIdNumber, personIdNumbers)).get()?.n ?? 0;
    },
    /** The other people this account has booked for. */
    async patientsBookedBy(accountId: number, ownIdNumber: string): Promise<string[]> {
      return db
        .selectDistinct({ idNumber: appointments.personIdNumber })
        .from(appointments)
        .where(and(eq(appointments.bookedByAccountId, accountId), ne(appointments.personIdNumber, ownIdNumber)))
        .all()
        .map((row) => row.idNumber);
    },
    async countRenewals(status: MedicationRenewalRow['status']): Promise<number> {
      return db.select({ n: count() }).from(medicationRenewals).where(eq(medicationRenewals.status, status)).get()?.n ?? 0;
    },
  };
}

export type HealthStore = ReturnType<typeof createHealthStore>;
