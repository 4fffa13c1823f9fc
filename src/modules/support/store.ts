// The support module's data access: the only code that touches its tables.
// Writes run synchronously inside one immediate transaction (`atomically`), so
// a ticket's status check and the message it allows cannot interleave with a
// concurrent close.
import { and, asc, count, desc, eq, gt, inArray, lt, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { supportMessages, supportTickets, type SupportMessageRow, type SupportTicketRow } from './tables.js';

type NewTicket = typeof supportTickets.$inferInsert;
type NewMessage = typeof supportMessages.$inferInsert;
export type TicketStatus = SupportTicketRow['status'];

function txOperations(tx: Transaction) {
  return {
    tx,
    ticket: (id: number): SupportTicketRow | undefined => tx.select().from(supportTickets).where(eq(supportTickets.id, id)).get(),
    insertTicket: (row: NewTicket): SupportTicketRow => tx.insert(supportTickets).values(row).returning().get(),
    updateTicket: (id: number, changes: Partial<NewTicket>): SupportTicketRow =>
      tx.update(supportTickets).set(changes).where(eq(supportTickets.id, id)).returning().get()!,
    unclosedTicketsOf: (accountId: number): number =>
      tx.select({ n: count() }).from(supportTickets).where(and(eq(supportTickets.accountId, accountId), ne(supportTickets.status, 'CLOSED'))).get()?.n ?? 0,
    insertMessage: (row: NewMessage) => {
      tx.insert(supportMessages).values(row).run();
    },
  };
}

export type SupportTx = ReturnType<typeof txOperations>;

function ownedBy(accountId: number, status: TicketStatus | null): SQL {
  const own = eq(supportTickets.accountId, accountId);
  return status ? and(own, eq(supportTickets.status, status))! : own;
}

export function createSupportStore(db: Db) {
  return {
    async atomically<T>(work: (tx: SupportTx) => T): Promise<T> {
      return writeTransaction(db, (tx) => work(txOperations(tx)));
    },
    async findTicket(id: number): Promise<SupportTicketRow | undefined> {
      return db.select().from(supportTickets).where(eq(supportTickets.id, id)).get();
    },
    async findTickets(ids: readonly number[]): Promise<SupportTicketRow[]> {
      return db.select().from(supportTickets).where(inArray(supportTickets.id, [...ids])).all();
    },
    async messagesOf(ticketIds: readonly number[]): Promise<SupportMessageRow[]> {
      return db.select().from(supportMessages).where(inArray(supportMessages.ticketId, [...ticketIds])).orderBy(asc(supportMessages.id)).all();
    },
    /** A person's tickets, newest first, keyset on the ID. */
    async ticketsOf(accountId: number, status: TicketStatus | null, limit: number, beforeId: number | null): Promise<SupportTicketRow[]> {
      const where = beforeId === null ? ownedBy(accountId, status) : and(ownedBy(accountId, status), lt(supportTickets.id, beforeId));
      return db.select().from(supportTickets).where(where).orderBy(desc(supportTickets.id)).limit(limit).all();
    },
    async countTicketsOf(accountId: number, status: TicketStatus | null): Promise<number> {
      return db.select({ n: count() }).from(supportTickets).where(ownedBy(accountId, status)).get()?.n ?? 0;
    },
    /** The agents' queue, oldest first: whoever waited longest is served first. */
    async queue(status: TicketStatus, limit: number, afterId: number | null): Promise<SupportTicketRow[]> {
      const inStatus = eq(supportTickets.status, status);
      const where = afterId === null ? inStatus : and(inStatus, gt(supportTickets.id, afterId));
      return db.select().from(supportTickets).where(where).orderBy(asc(supportTickets.id)).limit(limit).all();
    },
    /** One access-log row per person whose tickets an agent was shown, all or none. */
    async recordAgentReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (entries.length === 0) return;
      writeTransaction(db, (tx) => entries.forEach((entry) => recordAccess(tx, entry)));
    },
    async countQueue(status: TicketStatus): Promise<number> {
      return db.select({ n: count() }).from(supportTickets).where(eq(supportTickets.status, status)).get()?.n ?? 0;
    },
  };
}

export type SupportStore = ReturnType<typeof createSupportStore>;
