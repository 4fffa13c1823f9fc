// The education module's data access: the only code that touches its table.
import { and, asc, count, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { first, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { educationRecords, type EducationRecordRow } from './tables.js';

type NewRecord = typeof educationRecords.$inferInsert;

export interface Qualification {
  institution: string;
  degree: string;
  graduationYear: number;
}

function txOperations(on: Queryable) {
  return {
    record: (id: number): Promise<EducationRecordRow | undefined> => first(on.select().from(educationRecords).where(eq(educationRecords.id, id))),
    async insertRecord(row: NewRecord): Promise<EducationRecordRow> {
      const [record] = await on.insert(educationRecords).values(row).returning();
      return record!;
    },
    async updateRecord(id: number, changes: Partial<NewRecord>): Promise<EducationRecordRow> {
      const [record] = await on.update(educationRecords).set(changes).where(eq(educationRecords.id, id)).returning();
      return record!;
    },
    /** The same qualification already waiting or verified for the person (case-insensitive). */
    async standingDuplicate(personIdNumber: string, q: Qualification): Promise<boolean> {
      const found = await first(
        on
          .select({ id: educationRecords.id })
          .from(educationRecords)
          .where(
            and(
              eq(educationRecords.personIdNumber, personIdNumber),
              inArray(educationRecords.status, ['SUBMITTED', 'VERIFIED']),
              eq(educationRecords.graduationYear, q.graduationYear),
              sql`lower(${educationRecords.institution}) = lower(${q.institution})`,
              sql`lower(${educationRecords.degree}) = lower(${q.degree})`,
            ),
          )
          .limit(1),
      );
      return found !== undefined;
    },
  };
}

export function createEducationStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  return {
    atomically: transactionsOf(db, txOperations),

    findRecord: reads.record,
    async findRecords(ids: readonly number[]): Promise<EducationRecordRow[]> {
      return ids.length ? read.select().from(educationRecords).where(inArray(educationRecords.id, [...ids])) : [];
    },
    async recordsOf(personIdNumber: string): Promise<EducationRecordRow[]> {
      return read.select().from(educationRecords).where(eq(educationRecords.personIdNumber, personIdNumber)).orderBy(desc(educationRecords.id));
    },
    /** Submitted records, oldest first: the officers' queue. */
    async pending(limit: number, afterId: number | null): Promise<EducationRecordRow[]> {
      const submitted = eq(educationRecords.status, 'SUBMITTED');
      const where = afterId === null ? submitted : and(submitted, gt(educationRecords.id, afterId));
      return read.select().from(educationRecords).where(where).orderBy(asc(educationRecords.id)).limit(limit);
    },
    /** One access-log row per person whose records an officer was shown, all or none. */
    async recordOfficerReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await db.atomically(async (tx) => {
        for (const entry of entries) await recordAccess(tx, entry);
      });
    },
    async countPending(): Promise<number> {
      return (await first(read.select({ n: count() }).from(educationRecords).where(eq(educationRecords.status, 'SUBMITTED'))))?.n ?? 0;
    },
  };
}

export type EducationStore = ReturnType<typeof createEducationStore>;
export type EducationTx = Parameters<Parameters<EducationStore['atomically']>[0]>[0];
