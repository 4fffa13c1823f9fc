// Appending to the access log, in the caller's transaction, so a read is
// never served without its audit row.
import type { Tx } from '../../db/database.js';
import { accessLog } from './tables.js';

export type NewAccessLogEntry = Omit<typeof accessLog.$inferInsert, 'id'>;

export async function recordAccess(tx: Tx, entry: NewAccessLogEntry): Promise<void> {
  await tx.insert(accessLog).values(entry);
}
