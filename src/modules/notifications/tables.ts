// Notifications to a person, written in both languages when the event happens
// and shown in the reader's language.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Addressed to the person, so that events before they open an account
    // (a violation issued) are waiting for them when they do.
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    kind: text('kind').notNull(),
    titleAr: text('title_ar').notNull(),
    titleEn: text('title_en').notNull(),
    bodyAr: text('body_ar').notNull(),
    bodyEn: text('body_en').notNull(),
    // The global ID of what the notification is about, for a client to open it.
    subjectId: text('subject_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_person').on(t.personIdNumber, t.id)],
);

export type NotificationRow = typeof notifications.$inferSelect;
