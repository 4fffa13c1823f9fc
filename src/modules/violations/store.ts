// The violations module's data access. Violations are registry records
// (registry/tables.ts): the registry import creates them, and after the import
// this store is the ONLY writer of traffic_violations rows (status changes,
// officer-issued violations). Objections live in this module's own table.
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import { first, transactionsOf, type Database, type InTransaction, type Queryable, type Tx } from '../../db/database.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { trafficViolations, type TrafficViolationRow } from '../registry/tables.js';
import { objections, type ObjectionRow } from './tables.js';

export type ViolationStatus = TrafficViolationRow['status'];
type NewViolation = typeof trafficViolations.$inferInsert;
type NewObjection = typeof objections.$inferInsert;

// The real number follows from the row ID. Until it is set, in the same
// transaction, the row carries a placeholder of its own, so two transactions
// inserting at once never meet on the unique number.
const numberPlaceholder = () => `NUMBER-BEING-ASSIGNED-${randomUUID()}`;

function txOperations(on: Queryable) {
  return {
    violation: (id: number): Promise<TrafficViolationRow | undefined> => first(on.select().from(trafficViolations).where(eq(trafficViolations.id, id))),
    async insertViolation(row: Omit<NewViolation, 'id' | 'number'>, numberOf: (id: number) => string): Promise<TrafficViolationRow> {
      const [inserted] = await on.insert(trafficViolations).values({ ...row, number: numberPlaceholder() }).returning();
      const number = numberOf(inserted!.id);
      await on.update(trafficViolations).set({ number }).where(eq(trafficViolations.id, inserted!.id));
      return { ...inserted!, number };
    },
    async setStatus(id: number, status: ViolationStatus): Promise<void> {
      await on.update(trafficViolations).set({ status }).where(eq(trafficViolations.id, id));
    },
    objection: (id: number): Promise<ObjectionRow | undefined> => first(on.select().from(objections).where(eq(objections.id, id))),
    async insertObjection(row: NewObjection): Promise<ObjectionRow> {
      const [inserted] = await on.insert(objections).values(row).returning();
      return inserted!;
    },
    async updateObjection(id: number, changes: Partial<NewObjection>): Promise<ObjectionRow> {
      const [updated] = await on.update(objections).set(changes).where(eq(objections.id, id)).returning();
      return updated!;
    },
  };
}

export function createViolationsStore(db: Database) {
  const read = db.read;
  const ofPerson = (personIdNumber: string, status: ViolationStatus | null) =>
    and(eq(trafficViolations.personIdNumber, personIdNumber), status ? eq(trafficViolations.status, status) : undefined);

  return {
    /** Runs `work` in one transaction; it receives the violations operations and `.tx` for bills and notifications. */
    atomically: transactionsOf(db, txOperations),
    /** For bill-paid handlers, which run inside the payment's transaction. */
    within: (tx: Tx): InTransaction<ReturnType<typeof txOperations>> => ({ ...txOperations(tx), tx }),

    async findViolations(ids: readonly number[]): Promise<TrafficViolationRow[]> {
      return ids.length ? read.select().from(trafficViolations).where(inArray(trafficViolations.id, [...ids])) : [];
    },
    async violationsOfPerson(personIdNumber: string, status: ViolationStatus | null, limit: number, beforeId: number | null): Promise<TrafficViolationRow[]> {
      return read
        .select()
        .from(trafficViolations)
        .where(and(ofPerson(personIdNumber, status), beforeId === null ? undefined : lt(trafficViolations.id, beforeId)))
        .orderBy(desc(trafficViolations.id))
        .limit(limit);
    },
    async countViolationsOfPerson(personIdNumber: string, status: ViolationStatus | null): Promise<number> {
      return (await first(read.select({ n: count() }).from(trafficViolations).where(ofPerson(personIdNumber, status))))?.n ?? 0;
    },
    async findObjections(ids: readonly number[]): Promise<ObjectionRow[]> {
      return ids.length ? read.select().from(objections).where(inArray(objections.id, [...ids])) : [];
    },
    async pendingObjectionsOf(violationIds: readonly number[]): Promise<ObjectionRow[]> {
      if (!violationIds.length) return [];
      return read
        .select()
        .from(objections)
        .where(and(inArray(objections.violationId, [...violationIds]), eq(objections.status, 'PENDING')));
    },
    async pendingObjections(limit: number, afterId: number | null): Promise<ObjectionRow[]> {
      return read
        .select()
        .from(objections)
        .where(and(eq(objections.status, 'PENDING'), afterId === null ? undefined : gt(objections.id, afterId)))
        .orderBy(asc(objections.id))
        .limit(limit);
    },
    /** One access-log row per person whose violations an officer was shown, all or none. */
    async recordOfficerReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (!entries.length) return;
      await db.atomically(async (tx) => {
        for (const entry of entries) await recordAccess(tx, entry);
      });
    },
    async countPendingObjections(): Promise<number> {
      return (await first(read.select({ n: count() }).from(objections).where(eq(objections.status, 'PENDING'))))?.n ?? 0;
    },
  };
}

export type ViolationsStore = ReturnType<typeof createViolationsStore>;
export type ViolationsTx = Parameters<Parameters<ViolationsStore['atomically']>[0]>[0];
