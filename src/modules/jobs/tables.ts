// Background jobs run on a timer in every instance; a lease row per job lets
// exactly one instance run it at a time (see leases.ts).
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  // Who runs the job now: an instance's random ID, empty when nobody does.
  holder: text('holder').notNull(),
  // The lease lapses by itself at this time, so an instance that dies mid-run
  // stops nobody for longer than a lease.
  leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }).notNull(),
});
