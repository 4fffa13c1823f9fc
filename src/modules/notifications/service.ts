// Reading and acknowledging notifications. Notifications belong to a person
// (by ID number), so everything here is asked for by the reader's ID number.
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { NotificationErrorCode } from './errors.js';
import type { Database } from '../../db/database.js';
import { createNotificationsStore, type NotificationFilter } from './store.js';
import type { NotificationRow } from './tables.js';

export const MAX_MARKED_AT_ONCE = 100;

export interface MarkReadRequest {
  /** Local IDs; null entries are IDs that did not decode as notifications. */
  notificationIds: ReadonlyArray<number | null> | null;
  all: boolean;
}

export function createNotificationsService(deps: { db: Database; now: () => Date }) {
  const { now } = deps;
  const store = createNotificationsStore(deps.db);
  return {
    page: (filter: NotificationFilter, limit: number, beforeId: number | null) => store.page(filter, limit, beforeId),
    count: (filter: NotificationFilter) => store.count(filter),
    findMany: (ids: readonly number[]) => store.findMany(ids),

    /** The notification if `personIdNumber` is its reader; otherwise the same null as an unknown ID. */
    visibleTo(row: NotificationRow | null, personIdNumber: string): NotificationRow | null {
      return row && row.personIdNumber === personIdNumber ? row : null;
    },

    /**
     * Marks the person's notifications read. IDs that are unknown, malformed
     * or someone else's are ignored rather than refused, so the answer never
     * tells whether another person's notification exists.
     */
    async markRead(personIdNumber: string, request: MarkReadRequest): Promise<Outcome<{ markedCount: number }, NotificationErrorCode>> {
      if (!request.all && (!request.notificationIds || request.notificationIds.length === 0)) {
        return refuse('NOTHING_TO_MARK', ['notificationIds']);
      }
      if (!request.all && request.notificationIds!.length > MAX_MARKED_AT_ONCE) {
        return refuse('TOO_MANY_NOTIFICATIONS', ['notificationIds'], { max: MAX_MARKED_AT_ONCE });
      }
      const ids = request.all ? null : request.notificationIds!.filter((id): id is number => id !== null);
      if (ids !== null && ids.length === 0) return succeed({ markedCount: 0 });
      const at = now();
      return succeed({ markedCount: await store.atomically((tx) => tx.markRead(personIdNumber, ids, at)) });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
