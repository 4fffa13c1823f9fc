// Education records: qualifications a person submits and an officer verifies.
// Only VERIFIED records are official.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';
import { accounts } from '../identity/tables.js';

export const educationRecords = sqliteTable(
  'education_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    institution: text('institution').notNull(),
    degree: text('degree').notNull(),
    fieldOfStudy: text('field_of_study'),
    graduationYear: integer('graduation_year').notNull(),
    status: text('status', { enum: ['SUBMITTED', 'VERIFIED', 'REJECTED'] }).notNull(),
    submittedByAccountId: integer('submitted_by_account_id').references(() => accounts.id),
    decidedByAccountId: integer('decided_by_account_id').references(() => accounts.id),
    decisionNote: text('decision_note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('education_records_person').on(t.personIdNumber), index('education_records_status').on(t.status, t.id)],
);

export type EducationRecordRow = typeof educationRecords.$inferSelect;
