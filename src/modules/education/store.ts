// The education module's data access: the only code that touches its table.
import { and, asc, count, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { educationRecords, type EducationRecordRow } from './tables.js';

type NewRecord = typeof educationRecords.$inferInsert;

export interface Qualification {
  institution: string;
  degree: string;
  graduationYear: number;
}

function txOperations(tx: Transaction) {
  return {
    tx,
    record: (id: number): EducationRecordRow | undefined => tx.select().from(educationRecords).where(eq(educationRecords.id, id)).get(),
    insertRecord: (row: NewRecord): EducationRecordRow => tx.insert(educationRecords).values(row).returning().get(),
    updateRecord: (id: number, changes: Partial<NewRecord>): EducationRecordRow =>
      tx.update(educationRecords).set(changes).where(eq(educationRecords.id, id)).returning().get()!,
    /** The same qualification already waiting or verified for the person (case-insensitive). */
    standingDuplicate: (personIdNumber: string, q: Qualification): boolean =>
      tx
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
        .limit(1)
        .get() !== undefined,
  };
}

export type EducationTx = ReturnType<typeof txOperations>;

export function createEducationStore(db: Db) {
  return {
    async atomically<T>(work: (tx: EducationTx) => T): Promise<T> {
      return writeTransaction(db, (tx) => work(txOperations(tx)));
    },
    async findRecord(id: number): Promise<EducationRecordRow | undefined> {
      return db.select().from(educationRecords).where(eq(educationRecords.id, id)).get();
    },
    async findRecords(ids: readonly number[]): Promise<EducationRecordRow[]> {
      return db.select().from(educationRecords).where(inArray(educationRecords.id, [...ids])).all();
    },
    async recordsOf(personIdNumber: string): Promise<EducationRecordRow[]> {
      return db.select().from(educationRecords).where(eq(educationRecords.personIdNumber, personIdNumber)).orderBy(desc(educationRecords.id)).all();
    },
    /** Submitted records, oldest first: the officers' queue. */
    async pending(limit: number, afterId: number | null): Promise<EducationRecordRow[]> {
      const submitted = eq(educationRecords.status, 'SUBMITTED');
      const where = afterId === null ? submitted : and(submitted, gt(educationRecords.id, afterId));
      return db.select().from(educationRecords).where(where).orderBy(asc(educationRecords.id)).limit(limit).all();
    },
    /** One access-log row per person whose records an officer was shown, all or none. */
    async recordOfficerReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (entries.length === 0) return;
      writeTransaction(db, (tx) => entries.forEach((entry) => recordAccess(tx, entry)));
    },
    async countPending(): Promise<number> {
      return db.select({ n: count() }).from(educationRecords).where(eq(educationRecords.status, 'SUBMITTED')).get()?.n ?? 0;
    },
  };
}

export type EducationStore = ReturnType<typeof createEducationStore>;
