// Write transactions. better-sqlite3 transactions are synchronous: the callback
// must not await (an awaited promise would run after COMMIT). `immediate` takes
// the write lock up front so a second process waits (busy_timeout) instead of
// failing half-way with SQLITE_BUSY on lock upgrade.
import type { Db } from './connection.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Transaction = Tx;

export function writeTransaction<T>(db: Db, work: (tx: Tx) => T): T {
  return db.transaction((tx) => {
    const result = work(tx);
    if (result instanceof Promise) {
      throw new Error('writeTransaction: the work must be synchronous');
    }
    return result;
  }, { behavior: 'immediate' });
}
