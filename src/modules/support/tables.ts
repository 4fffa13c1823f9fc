// Support tickets and their messages.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { accounts } from '../identity/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const supportTickets = sqliteTable(
  'support_tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    subject: text('subject').notNull(),
    category: text('category').notNull(),
    status: text('status', { enum: ['OPEN', 'ANSWERED', 'CLOSED'] }).notNull(),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    closedAt: timestamp('closed_at'),
    closedByAccountId: integer('closed_by_account_id').references(() => accounts.id),
  },
  (t) => [index('support_tickets_account').on(t.accountId, t.id), index('support_tickets_status').on(t.status, t.id)],
);

export const supportMessages = sqliteTable(
  'support_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => supportTickets.id),
    authorAccountId: integer('author_account_id')
      .notNull()
      .references(() => accounts.id),
    authorRole: text('author_role', { enum: ['PERSON', 'AGENT'] }).notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('support_messages_ticket').on(t.ticketId, t.id)],
);

export type SupportTicketRow = typeof supportTickets.$inferSelect;
export type SupportMessageRow = typeof supportMessages.$inferSelect;
