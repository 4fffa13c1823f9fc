// The support module's data access: the only code that touches its tables.
// Writes run inside one transaction (`atomically`), so a ticket's status
// check and the message it allows cannot interleave with a concurrent close.
import { and, asc, count, desc, eq, gt, inArray, lt, ne, type SQL } from 'drizzle-orm';
import { first, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { supportMessages, supportTickets, type SupportMessageRow, type SupportTicketRow } from './tables.js';

type NewTicket = typeof supportTickets.$inferInsert;
type NewMessage = typeof supportMessages.$inferInsert;
export type TicketStatus = SupportTicketRow['status'];

function txOperations(on: Queryable) {
  return {
    ticket: (id: number): Promise<SupportTicketRow | undefined> => first(on.select().from(supportTickets).where(eq(supportTickets.id, id))),
    async insertTicket(row: NewTicket): Promise<SupportTicketRow> {
      const [ticket] = await on.insert(supportTickets).values(row).returning();
      return ticket!;
    },
    async updateTicket(id: number, changes: Partial<NewTicket>): Promise<SupportTicketRow> {
      const [ticket] = await on.update(supportTickets).set(changes).where(eq(supportTickets.id, id)).returning();
      return ticket!;
    },
    async unclosedTicketsOf(accountId: number): Promise<number> {
      const row = await first(on.select({ n: count() }).from(supportTickets).where(and(eq(supportTickets.accountId, accountId), ne(supportTickets.status, 'CLOSED'))));
      return row?.n ?? 0;
    },
    async insertMessage(row: NewMessage): Promise<void> {
      await on.insert(supportMessages).values(row);
    },
  };
}

function ownedBy(accountId: number, status: TicketStatus | null): SQL {
  const own = eq(supportTickets.accountId, accountId);
  return status ? and(own, eq(supportTickets.status, status))! : own;
}

export function createSupportStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  return {
    atomically: transactionsOf(db, txOperations),

    findTicket: reads.ticket,
    async findTickets(ids: readonly number[]): Promise<SupportTicketRow[]> {
      return ids.length ? read.select().from(supportTickets).where(inArray(supportTickets.id, [...ids])) : [];
    },
    async messagesOf(ticketIds: readonly number[]): Promise<SupportMessageRow[]> {
      return ticketIds.length ? read.select().from(supportMessages).where(inArray(supportMessages.ticketId, [...ticketIds])).orderBy(asc(supportMessages.id)) : [];
    },
    /** A person's tickets, newest first, keyset on the ID. */
    async ticketsOf(accountId: number, status: TicketStatus | null, limit: number, beforeId: number | null): Promise<SupportTicketRow[]> {
      const where = beforeId === null ? ownedBy(accountId, status) : and(ownedBy(accountId, status), lt(supportTickets.id, beforeId));
      return read.select().from(supportTickets).where(where).orderBy(desc(supportTickets.id)).limit(limit);
    },
    async countTicketsOf(accountId: number, status: TicketStatus | null): Promise<number> {
      return (await first(read.select({ n: count() }).from(supportTickets).where(ownedBy(accountId, status))))?.n ?? 0;
    },
    /** The agents' queue, oldest first: whoever waited longest is served first. */
    async queue(status: TicketStatus, limit: number, afterId: number | null): Promise<SupportTicketRow[]> {
      const inStatus = eq(supportTickets.status, status);
      const where = afterId === null ? inStatus : and(inStatus, gt(supportTickets.id, afterId));
      return read.select().from(supportTickets).where(where).orderBy(asc(supportTickets.id)).limit(limit);
    },
    /** One access-log row per person whose tickets an agent was shown, all or none. */
    async recordAgentReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await db.atomically(async (tx) => {
        for (const entry of entries) await recordAccess(tx, entry);
      });
    },
    async countQueue(status: TicketStatus): Promise<number> {
      return (await first(read.select({ n: count() }).from(supportTickets).where(eq(supportTickets.status, status))))?.n ?? 0;
    },
  };
}

export type SupportStore = ReturnType<typeof createSupportStore>;
export type SupportTx = Parameters<Parameters<SupportStore['atomically']>[0]>[0];
