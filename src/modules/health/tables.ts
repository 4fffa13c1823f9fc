// Health facilities, appointment slots and appointments, and the health
// record. Clinical fields are stored encrypted (AES-256-GCM with a key from
// configuration, identified by key_id for rotation): the database file holds
// no plaintext diagnosis, allergy or medication.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';
import { accounts } from '../identity/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const healthFacilities = sqliteTable(
  'health_facilities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    nameAr: text('name_ar').notNull(),
    nameEn: text('name_en').notNull(),
    city: text('city').notNull(),
    kind: text('kind', { enum: ['HOSPITAL', 'PRIMARY_CARE', 'SPECIALIST'] }).notNull(),
  },
  (t) => [index('health_facilities_city').on(t.city)],
);

export const appointmentSlots = sqliteTable(
  'appointment_slots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    facilityId: integer('facility_id')
      .notNull()
      .references(() => healthFacilities.id),
    department: text('department').notNull(),
    startsAt: timestamp('starts_at').notNull(),
    endsAt: timestamp('ends_at').notNull(),
  },
  (t) => [index('appointment_slots_facility_time').on(t.facilityId, t.startsAt)],
);

export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slotId: integer('slot_id')
      .notNull()
      .references(() => appointmentSlots.id),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    bookedByAccountId: integer('booked_by_account_id')
      .notNull()
      .references(() => accounts.id),
    // Copied from the slot so that "one appointment at a time" is an index.
    startsAt: timestamp('starts_at').notNull(),
    endsAt: timestamp('ends_at').notNull(),
    status: text('status', { enum: ['BOOKED', 'CANCELLED', 'COMPLETED'] }).notNull(),
    delegationId: integer('delegation_id'),
    reminderSentAt: timestamp('reminder_sent_at'),
    createdAt: timestamp('created_at').notNull(),
    cancelledAt: timestamp('cancelled_at'),
  },
  (t) => [
    // A slot holds one appointment, whatever the concurrency.
    uniqueIndex('appointments_one_per_slot').on(t.slotId).where(sql`status = 'BOOKED'`),
    // A person cannot hold two appointments starting at the same time.
    uniqueIndex('appointments_one_per_person_time').on(t.personIdNumber, t.startsAt).where(sql`status = 'BOOKED'`),
    index('appointments_person').on(t.personIdNumber, t.id),
  ],
);

export const healthRecords = sqliteTable('health_records', {
  personIdNumber: text('person_id_number')
    .primaryKey()
    .references(() => registryPersons.idNumber),
  // JSON { bloodType, allergies[], conditions[] }, encrypted.
  ciphertext: text('ciphertext').notNull(),
  keyId: text('key_id').notNull(),
  updatedAt: timestamp('updated_at').notNull(),
});

export const prescriptions = sqliteTable(
  'prescriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    // JSON { medication, dosage, prescriber }, encrypted.
    ciphertext: text('ciphertext').notNull(),
    keyId: text('key_id').notNull(),
    refillsLeft: integer('refills_left').notNull(),
    prescribedOn: text('prescribed_on').notNull(),
    expiresOn: text('expires_on').notNull(),
  },
  (t) => [index('prescriptions_person').on(t.personIdNumber)],
);

export const medicationRenewals = sqliteTable(
  'medication_renewal_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    prescriptionId: integer('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    requestedByAccountId: integer('requested_by_account_id')
      .notNull()
      .references(() => accounts.id),
    status: text('status', { enum: ['PENDING', 'APPROVED', 'REJECTED'] }).notNull(),
    decidedByAccountId: integer('decided_by_account_id').references(() => accounts.id),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at').notNull(),
    decidedAt: timestamp('decided_at'),
  },
  (t) => [uniqueIndex('medication_renewals_one_pending').on(t.prescriptionId).where(sql`status = 'PENDING'`)],
);

export type HealthFacilityRow = typeof healthFacilities.$inferSelect;
export type AppointmentSlotRow = typeof appointmentSlots.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type PrescriptionRow = typeof prescriptions.$inferSelect;
export type MedicationRenewalRow = typeof medicationRenewals.$inferSelect;
