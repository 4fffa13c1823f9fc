// Who read a person's sensitive data, when and why (ASVS V16; in the spirit of
// Estonia's Data Tracker). Append-only: rows are inserted, never updated.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';

export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Whose data was read.
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    accessorKind: text('accessor_kind', { enum: ['PERSON', 'OFFICER', 'PARTNER', 'DELEGATE'] }).notNull(),
    // An account ID for people and officers, a client ID for partners.
    accessorId: text('accessor_id').notNull(),
    accessorName: text('accessor_name').notNull(),
    accessorRole: text('accessor_role'),
    purpose: text('purpose').notNull(),
    // What was read, such as "HEALTH_RECORD" or "DOCUMENT_VERIFICATION".
    dataCategory: text('data_category').notNull(),
    requestId: text('request_id'),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('access_log_person').on(t.personIdNumber, t.id)],
);

export type AccessLogRow = typeof accessLog.$inferSelect;
