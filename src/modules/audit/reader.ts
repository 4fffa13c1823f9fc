// Reading a person's own access log (they may always see who read their data).
// Writes go through record.ts, inside the transaction of the read they log.
import { count, desc, eq, and, lt } from 'drizzle-orm';
import { first, type Database } from '../../db/database.js';
import { accessLog, type AccessLogRow } from './tables.js';

export function createAccessLogReader(db: Database) {
  const read = db.read;
  return {
    async entriesOf(personIdNumber: string, limit: number, beforeId: number | null): Promise<AccessLogRow[]> {
      const own = eq(accessLog.personIdNumber, personIdNumber);
      return read
        .select()
        .from(accessLog)
        .where(beforeId === null ? own : and(own, lt(accessLog.id, beforeId)))
        .orderBy(desc(accessLog.id))
        .limit(limit);
    },
    async countOf(personIdNumber: string): Promise<number> {
      return (await first(read.select({ n: count() }).from(accessLog).where(eq(accessLog.personIdNumber, personIdNumber))))?.n ?? 0;
    },
  };
}

export type AccessLogReader = ReturnType<typeof createAccessLogReader>;
