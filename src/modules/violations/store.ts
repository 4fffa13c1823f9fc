// The violations module's data access. Violations are registry records
// (registry/tables.ts): the registry import creates them, and after the import
// this store is the ONLY writer of traffic_violations rows (status changes,
// officer-issued violations). Objections live in this module's own table.
import { and, asc, count, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { trafficViolations, type TrafficViolationRow } from '../registry/tables.js';
import { objections, type ObjectionRow } from './tables.js';

export type ViolationStatus = TrafficViolationRow['status'];
type NewViolation = typeof trafficViolations.$inferInsert;
type NewObjection = typeof objections.$inferInsert;

// The real number follows from the row ID; the placeholder never outlives the
// (serialised) transaction that wrote it, so it cannot collide.
const NUMBER_PLACEHOLDER = 'NUMBER-BEING-ASSIGNED';

function txOperations(tx: Transaction | Db) {
  return {
    /** The caller's transaction, for the cross-module in-transaction APIs (bills, notifications). */
    tx,
    violation: (id: number): TrafficViolationRow | undefined => tx.select().from(trafficViolations).where(eq(trafficViolations.id, id)).get(),
    insertViolation(row: Omit<NewViolation, 'id' | 'number'>, numberOf: (id: number) => string): TrafficViolationRow {
      const inserted = tx.insert(trafficViolations).values({ ...row, number: NUMBER_PLACEHOLDER }).returning().get();
      const number = numberOf(inserted.id);
      tx.update(trafficViolations).set({ number }).where(eq(trafficViolations.id, inserted.id)).run();
      return { ...inserted, number };
    },
    setStatus(id: number, status: ViolationStatus): void {
      tx.update(trafficViolations).set({ status }).where(eq(trafficViolations.id, id)).run();
    },
    objection: (id: number): ObjectionRow | undefined => tx.select().from(objections).where(eq(objections.id, id)).get(),
    insertObjection: (row: NewObjection): ObjectionRow => tx.insert(objections).values(row).returning().get(),
    updateObjection: (id: number, changes: Partial<NewObjection>): ObjectionRow =>
      tx.update(objections).set(changes).where(eq(objections.id, id)).returning().get(),
  };
}

export type ViolationsTx = ReturnType<typeof txOperations>;

export function createViolationsStore(db: Db) {
  const ofPerson = (personIdNumber: string, status: ViolationStatus | null) =>
    and(eq(trafficViolations.personIdNumber, personIdNumber), status ? eq(trafficViolations.status, status) : undefined);

  return {
    async atomically<T>(work: (tx: ViolationsTx) => T): Promise<T> {
      return writeTransaction(db, (tx) => work(txOperations(tx)));
    },
    /** For bill-paid handlers, which run inside the payment's transaction. */
    within: (tx: Transaction | Db): ViolationsTx => txOperations(tx),

    async findViolations(ids: readonly number[]): Promise<TrafficViolationRow[]> {
      return ids.length ? db.select().from(trafficViolations).where(inArray(trafficViolations.id, [...ids])).all() : [];
    },
    async violationsOfPerson(personIdNumber: string, status: ViolationStatus | null, limit: number, beforeId: number | null): Promise<TrafficViolationRow[]> {
      return db
        .select()
        .from(trafficViolations)
        .where(and(ofPerson(personIdNumber, status), beforeId === null ? undefined : lt(trafficViolations.id, beforeId)))
        .orderBy(desc(trafficViolations.id))
        .limit(limit)
        .all();
    },
    async countViolationsOfPerson(personIdNumber: string, status: ViolationStatus | null): Promise<number> {
      return db.select({ n: count() }).from(trafficViolations).where(ofPerson(personIdNumber, status)).get()?.n ?? 0;
    },
    async findObjections(ids: readonly number[]): Promise<ObjectionRow[]> {
      return ids.length ? db.select().from(objections).where(inArray(objections.id, [...ids])).all() : [];
    },
    async pendingObjectionsOf(violationIds: readonly number[]): Promise<ObjectionRow[]> {
      if (!violationIds.length) return [];
      return db
        .select()
        .from(objections)
        .where(and(inArray(objections.violationId, [...violationIds]), eq(objections.status, 'PENDING')))
        .all();
    },
    async pendingObjections(limit: number, afterId: number | null): Promise<ObjectionRow[]> {
      return db
        .select()
        .from(objections)
        .where(and(eq(objections.status, 'PENDING'), afterId === null ? undefined : gt(objections.id, afterId)))
        .orderBy(asc(objections.id))
        .limit(limit)
        .all();
    },
    /** One access-log row per person whose violations an officer was shown, all or none. */
    async recordOfficerReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (entries.length) writeTransaction(db, (tx) => entries.forEach((entry) => recordAccess(tx, entry)));
    },
    async countPendingObjections(): Promise<number> {
      return db.select({ n: count() }).from(objections).where(eq(objections.status, 'PENDING')).get()?.n ?? 0;
    },
  };
}

export type ViolationsStore = ReturnType<typeof createViolationsStore>;
