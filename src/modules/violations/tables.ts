// Objections to traffic violations. The violations themselves are registry
// records (registry/tables.ts); their fines are bills.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { trafficViolations } from '../registry/tables.js';
import { accounts } from '../identity/tables.js';

export const objections = sqliteTable(
  'violation_objections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    violationId: integer('violation_id')
      .notNull()
      .references(() => trafficViolations.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['PENDING', 'ACCEPTED', 'REJECTED'] }).notNull(),
    // The violation's status before the objection, restored if it is rejected.
    previousViolationStatus: text('previous_violation_status', { enum: ['UNPAID', 'PAID'] }).notNull(),
    decidedByAccountId: integer('decided_by_account_id').references(() => accounts.id),
    decisionNote: text('decision_note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('violation_objections_violation').on(t.violationId),
    // One active objection per violation at a time.
    uniqueIndex('violation_objections_one_active').on(t.violationId).where(sql`status = 'PENDING'`),
  ],
);

export type ObjectionRow = typeof objections.$inferSelect;
