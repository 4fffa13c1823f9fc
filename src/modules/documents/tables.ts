// Renewals of registry documents and exit/re-entry visas, each paid by a bill.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { registryDocuments, registryPersons } from '../registry/tables.js';
import { accounts } from '../identity/tables.js';
import { bills } from '../payments/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const renewals = sqliteTable(
  'document_renewals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => registryDocuments.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    status: text('status', { enum: ['PENDING_PAYMENT', 'COMPLETED', 'CANCELLED'] }).notNull(),
    // The period bought: years for licences and registrations, months for an Iqama.
    periodMonths: integer('period_months').notNull(),
    billId: integer('bill_id').references(() => bills.id),
    previousExpiresOn: text('previous_expires_on').notNull(),
    newExpiresOn: text('new_expires_on'),
    createdAt: timestamp('created_at').notNull(),
    completedAt: timestamp('completed_at'),
  },
  (t) => [
    index('document_renewals_document').on(t.documentId, t.status),
    // At most one renewal waiting for payment per document.
    uniqueIndex('document_renewals_one_pending').on(t.documentId).where(sql`status = 'PENDING_PAYMENT'`),
  ],
);

export const exitReentryVisas = sqliteTable(
  'exit_reentry_visas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    visaType: text('visa_type', { enum: ['SINGLE', 'MULTIPLE'] }).notNull(),
    months: integer('months').notNull(),
    status: text('status', { enum: ['PENDING_PAYMENT', 'ISSUED', 'CANCELLED'] }).notNull(),
    number: text('number').unique(),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    billId: integer('bill_id').references(() => bills.id),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('exit_reentry_visas_person').on(t.personIdNumber)],
);

// An extension of an issued visa, with its own bill; applied when paid.
export const visaExtensions = sqliteTable('exit_reentry_visa_extensions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  visaId: integer('visa_id')
    .notNull()
    .references(() => exitReentryVisas.id),
  months: integer('months').notNull(),
  status: text('status', { enum: ['PENDING_PAYMENT', 'APPLIED', 'CANCELLED'] }).notNull(),
  billId: integer('bill_id').references(() => bills.id),
  createdAt: timestamp('created_at').notNull(),
});

export type RenewalRow = typeof renewals.$inferSelect;
export type ExitReentryVisaRow = typeof exitReentryVisas.$inferSelect;
export type VisaExtensionRow = typeof visaExtensions.$inferSelect;
