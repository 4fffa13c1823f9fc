// The notifications module's data access: the only code that reads or updates
// its table (writes of new notifications go through notify.ts, in the caller's
// transaction).
import { and, count, desc, eq, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { notifications, type NotificationRow } from './tables.js';

export interface NotificationFilter {
  personIdNumber: string;
  unreadOnly: boolean;
}

function matching(filter: NotificationFilter): SQL {
  const own = eq(notifications.personIdNumber, filter.personIdNumber);
  return filter.unreadOnly ? and(own, isNull(notifications.readAt))! : own;
}

export function createNotificationsStore(db: Db) {
  return {
    /** Newest first; keyset on the ID so that pages stay stable while new notifications arrive. */
    async page(filter: NotificationFilter, limit: number, beforeId: number | null): Promise<NotificationRow[]> {
      const where = beforeId === null ? matching(filter) : and(matching(filter), lt(notifications.id, beforeId));
      return db.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(limit).all();
    },
    async count(filter: NotificationFilter): Promise<number> {
      return db.select({ n: count() }).from(notifications).where(matching(filter)).get()?.n ?? 0;
    },
    async findMany(ids: readonly number[]): Promise<NotificationRow[]> {
      return db.select().from(notifications).where(inArray(notifications.id, [...ids])).all();
    },
    /**
     * Marks unread notifications of the person read; `ids` null means all of
     * them. One statement, so the person's condition and the update cannot be
     * separated: someone else's IDs simply match nothing.
     */
    async markRead(personIdNumber: string, ids: readonly number[] | null, at: Date): Promise<number> {
      const unread = and(eq(notifications.personIdNumber, personIdNumber), isNull(notifications.readAt));
      const where = ids === null ? unread : and(unread, inArray(notifications.id, [...ids]));
      return db.update(notifications).set({ readAt: at }).where(where).run().changes;
    },
  };
}

export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
