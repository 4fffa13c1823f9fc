// Appending to the access log, in the caller's transaction when there is one,
// so a read is never served without its audit row.
import type { Db } from '../../db/connection.js';
import type { Transaction } from '../../db/transaction.js';
import { accessLog } from './tables.js';

export type NewAccessLogEntry = Omit<typeof accessLog.$inferInsert, 'id'>;

export function recordAccess(tx: Transaction | Db, entry: NewAccessLogEntry): void {
  tx.insert(accessLog).values(entry).run();
}
