// The notifications module's data access: the only code that reads or updates
// its table (writes of new notifications go through notify.ts, in the caller's
// transaction).
import { and, count, desc, eq, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { first, rowsChanged, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import { notifications, type NotificationRow } from './tables.js';

export interface NotificationFilter {
  personIdNumber: string;
  unreadOnly: boolean;
}

function matching(filter: NotificationFilter): SQL {
  const own = eq(notifications.personIdNumber, filter.personIdNumber);
  return filter.unreadOnly ? and(own, isNull(notifications.readAt))! : own;
}

function txOperations(on: Queryable) {
  return {
    /**
     * Marks unread notifications of the person read; `ids` null means all of
     * them. One statement, so the person's condition and the update cannot be
     * separated: someone else's IDs simply match nothing.
     */
    async markRead(personIdNumber: string, ids: readonly number[] | null, at: Date): Promise<number> {
      const unread = and(eq(notifications.personIdNumber, personIdNumber), isNull(notifications.readAt));
      const where = ids === null ? unread : and(unread, inArray(notifications.id, [...ids]));
      return rowsChanged(await on.update(notifications).set({ readAt: at }).where(where));
    },
  };
}

export function createNotificationsStore(db: Database) {
  const read = db.read;
  return {
    atomically: transactionsOf(db, txOperations),

    /** Newest first; keyset on the ID so that pages stay stable while new notifications arrive. */
    async page(filter: NotificationFilter, limit: number, beforeId: number | null): Promise<NotificationRow[]> {
      const where = beforeId === null ? matching(filter) : and(matching(filter), lt(notifications.id, beforeId));
      return read.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(limit);
    },
    async count(filter: NotificationFilter): Promise<number> {
      return (await first(read.select({ n: count() }).from(notifications).where(matching(filter))))?.n ?? 0;
    },
    async findMany(ids: readonly number[]): Promise<NotificationRow[]> {
      return ids.length ? read.select().from(notifications).where(inArray(notifications.id, [...ids])) : [];
    },
  };
}

export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
export type NotificationsTx = Parameters<Parameters<NotificationsStore['atomically']>[0]>[0];
