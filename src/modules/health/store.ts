// The health module's data access: the only code that touches its tables.
// Reads outside a transaction go through the reader; writes run through
// `atomically`, one transaction, so a booking's checks and insert (or a read
// of health data and its access-log row) cannot interleave with another
// request's.
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { first, rowsChanged, transactionsOf, type Database, type Queryable } from '../../db/database.js';
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
// then name the appointment's ID inside the subquery. (SQLite answers 0 or 1,
// PostgreSQL a boolean: read through Boolean().)
const bookedExists = sql<unknown>`exists (select 1 from appointments held where held.slot_id = "appointment_slots"."id" and held.status = 'BOOKED')`;

function txOperations(on: Queryable) {
  return {
    slot: (id: number): Promise<AppointmentSlotRow | undefined> => first(on.select().from(appointmentSlots).where(eq(appointmentSlots.id, id))),
    appointment: (id: number): Promise<AppointmentRow | undefined> => first(on.select().from(appointments).where(eq(appointments.id, id))),
    /** The person's booked appointments overlapping [startsAt, endsAt), other than `exceptId`. */
    overlapping: (personIdNumber: string, startsAt: Date, endsAt: Date, exceptId: number | null): Promise<AppointmentRow | undefined> =>
      first(
        on
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
          .limit(1),
      ),
    async slotIsBooked(slotId: number): Promise<boolean> {
      const held = await first(on.select({ id: appointments.id }).from(appointments).where(and(eq(appointments.slotId, slotId), eq(appointments.status, 'BOOKED'))));
      return held !== undefined;
    },
    async insertAppointment(row: NewAppointment): Promise<AppointmentRow> {
      const [inserted] = await on.insert(appointments).values(row).returning();
      return inserted!;
    },
    async updateAppointment(id: number, changes: Partial<NewAppointment>): Promise<AppointmentRow> {
      const [updated] = await on.update(appointments).set(changes).where(eq(appointments.id, id)).returning();
      return updated!;
    },
    dueReminders: async (after: Date, until: Date): Promise<AppointmentRow[]> =>
      on
        .select()
        .from(appointments)
        .where(and(eq(appointments.status, 'BOOKED'), isNull(appointments.reminderSentAt), gt(appointments.startsAt, after), lte(appointments.startsAt, until)))
        .orderBy(asc(appointments.id)),
    async markReminderSent(id: number, at: Date): Promise<boolean> {
      return rowsChanged(await on.update(appointments).set({ reminderSentAt: at }).where(and(eq(appointments.id, id), isNull(appointments.reminderSentAt)))) === 1;
    },
    facility: (id: number): Promise<HealthFacilityRow | undefined> => first(on.select().from(healthFacilities).where(eq(healthFacilities.id, id))),
    async insertFacility(row: NewFacility): Promise<HealthFacilityRow> {
      const [inserted] = await on.insert(healthFacilities).values(row).returning();
      return inserted!;
    },
    async insertSlot(row: NewSlot): Promise<AppointmentSlotRow> {
      const [inserted] = await on.insert(appointmentSlots).values(row).returning();
      return inserted!;
    },

    record: (personIdNumber: string): Promise<HealthRecordRow | undefined> =>
      first(on.select().from(healthRecords).where(eq(healthRecords.personIdNumber, personIdNumber))),
    async saveRecord(row: HealthRecordRow): Promise<void> {
      await on.insert(healthRecords).values(row).onConflictDoUpdate({ target: healthRecords.personIdNumber, set: row });
    },
    prescription: (id: number): Promise<PrescriptionRow | undefined> => first(on.select().from(prescriptions).where(eq(prescriptions.id, id))),
    prescriptionsOf: async (personIdNumber: string): Promise<PrescriptionRow[]> =>
      on.select().from(prescriptions).where(eq(prescriptions.personIdNumber, personIdNumber)).orderBy(desc(prescriptions.id)),
    prescriptionsByIds: async (ids: number[]): Promise<PrescriptionRow[]> =>
      ids.length ? on.select().from(prescriptions).where(inArray(prescriptions.id, ids)) : [],
    async insertPrescription(row: NewPrescription): Promise<PrescriptionRow> {
      const [inserted] = await on.insert(prescriptions).values(row).returning();
      return inserted!;
    },
    async setRefillsLeft(id: number, refillsLeft: number): Promise<void> {
      await on.update(prescriptions).set({ refillsLeft }).where(eq(prescriptions.id, id));
    },
    pendingRenewalsOf: async (prescriptionIds: number[]): Promise<MedicationRenewalRow[]> =>
      prescriptionIds.length
        ? on.select().from(medicationRenewals).where(and(inArray(medicationRenewals.prescriptionId, prescriptionIds), eq(medicationRenewals.status, 'PENDING')))
        : [],
    renewal: (id: number): Promise<MedicationRenewalRow | undefined> => first(on.select().from(medicationRenewals).where(eq(medicationRenewals.id, id))),
    renewals: async (status: MedicationRenewalRow['status'], limit: number, afterId: number | null): Promise<MedicationRenewalRow[]> =>
      on
        .select()
        .from(medicationRenewals)
        .where(and(eq(medicationRenewals.status, status), afterId === null ? undefined : gt(medicationRenewals.id, afterId)))
        .orderBy(asc(medicationRenewals.id))
        .limit(limit),
    async insertRenewal(row: NewRenewal): Promise<MedicationRenewalRow> {
      const [inserted] = await on.insert(medicationRenewals).values(row).returning();
      return inserted!;
    },
    /** Decides a request only if it is still pending (two officers at once: one wins). */
    async decideRenewal(
      id: number,
      changes: Pick<NewRenewal, 'status' | 'decidedByAccountId' | 'decisionNote' | 'decidedAt'>,
    ): Promise<MedicationRenewalRow | undefined> {
      const [decided] = await on
        .update(medicationRenewals)
        .set(changes)
        .where(and(eq(medicationRenewals.id, id), eq(medicationRenewals.status, 'PENDING')))
        .returning();
      return decided;
    },
  };
}

export function createHealthStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  return {
    /** Runs `work` in one transaction; it receives the health operations and `.tx` for other modules' writes (an access-log row, a notification). */
    atomically: transactionsOf(db, txOperations),
    async facilities(city: string | null): Promise<HealthFacilityRow[]> {
      return read
        .select()
        .from(healthFacilities)
        .where(city === null ? undefined : eq(healthFacilities.city, city))
        .orderBy(asc(healthFacilities.nameEn))
        .limit(500);
    },
    async facilitiesByIds(ids: readonly number[]): Promise<HealthFacilityRow[]> {
      return ids.length ? read.select().from(healthFacilities).where(inArray(healthFacilities.id, [...ids])) : [];
    },
    facility: reads.facility,
    async slotsOfFacility(facilityId: number, from: Date, until: Date): Promise<SlotWithBooking[]> {
      const rows = await read
        .select({ slot: appointmentSlots, booked: bookedExists })
        .from(appointmentSlots)
        .where(and(eq(appointmentSlots.facilityId, facilityId), gte(appointmentSlots.startsAt, from), lt(appointmentSlots.startsAt, until)))
        .orderBy(asc(appointmentSlots.startsAt), asc(appointmentSlots.id))
        .limit(1000);
      return rows.map(({ slot, booked }) => ({ ...slot, booked: Boolean(booked) }));
    },
    async slotsByIds(ids: readonly number[]): Promise<SlotWithBooking[]> {
      if (!ids.length) return [];
      const rows = await read.select({ slot: appointmentSlots, booked: bookedExists }).from(appointmentSlots).where(inArray(appointmentSlots.id, [...ids]));
      return rows.map(({ slot, booked }) => ({ ...slot, booked: Boolean(booked) }));
    },
    appointment: reads.appointment,
    /** Whether a booked appointment holds the slot, as committed. */
    slotIsBooked: reads.slotIsBooked,
    /** Booked appointments starting in (after, until] with no reminder yet, as committed. */
    dueReminders: reads.dueReminders,
    async appointmentsOf(personIdNumbers: string[], limit: number, beforeId: number | null): Promise<AppointmentRow[]> {
      return read
        .select()
        .from(appointments)
        .where(and(inArray(appointments.personIdNumber, personIdNumbers), beforeId === null ? undefined : lt(appointments.id, beforeId)))
        .orderBy(desc(appointments.id))
        .limit(limit);
    },
    async countAppointmentsOf(personIdNumbers: string[]): Promise<number> {
      return (await first(read.select({ n: count() }).from(appointments).where(inArray(appointments.personIdNumber, personIdNumbers))))?.n ?? 0;
    },
    /** The other people this account has booked for. */
    async patientsBookedBy(accountId: number, ownIdNumber: string): Promise<string[]> {
      const rows = await read
        .selectDistinct({ idNumber: appointments.personIdNumber })
        .from(appointments)
        .where(and(eq(appointments.bookedByAccountId, accountId), ne(appointments.personIdNumber, ownIdNumber)));
      return rows.map((row) => row.idNumber);
    },
    async countRenewals(status: MedicationRenewalRow['status']): Promise<number> {
      return (await first(read.select({ n: count() }).from(medicationRenewals).where(eq(medicationRenewals.status, status))))?.n ?? 0;
    },
  };
}

export type HealthStore = ReturnType<typeof createHealthStore>;
export type HealthTx = Parameters<Parameters<HealthStore['atomically']>[0]>[0];
