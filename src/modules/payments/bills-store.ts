// Bill rows. These operations take the caller's transaction, so that another
// module can create or settle a bill in the same transaction as its own change
// (a renewal and its fee are written together).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { first, type Tx } from '../../db/database.js';
import type { SqliteDrizzle } from '../../db/sqlite.js';
import { bills, refunds, type BillKind, type BillRow } from './tables.js';

export interface NewBill {
  personIdNumber: string;
  kind: BillKind;
  subjectId: string;
  amountHalalas: number;
  description: { ar: string; en: string };
}

function checkAmount(input: NewBill): void {
  if (!Number.isSafeInteger(input.amountHalalas) || input.amountHalalas <= 0) throw new RangeError('a bill amount is a positive integer of halalas');
}

// Unique until the row's ID is known, then replaced in the same transaction.
const provisionalNumber = (input: NewBill, at: Date) => `PENDING-${input.kind}-${input.subjectId}-${at.getTime()}`;

/** The public bill number (SADAD style) follows from the row ID. */
const billNumber = (id: number) => `B${String(id).padStart(10, '0')}`;

/**
 * Bill creation with its two statements prepared once, for writers that
 * create many bills in a row (the registry import: one per imported
 * violation). Call `create` inside a write transaction on the same database;
 * it answers the new bill's ID and number only.
 */
export function preparedBillCreation(db: SqliteDrizzle) {
  const insert = db.$client
    .prepare<unknown[], number>(
      `INSERT INTO bills (number, person_id_number, kind, subject_id, amount_halalas, description_ar, description_en, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck();
  const setNumber = db.$client.prepare('UPDATE bills SET number = ? WHERE id = ?');
  return {
    create(input: NewBill, at: Date): { id: number; number: string } {
      checkAmount(input);
      const id = insert.get(
        provisionalNumber(input, at), input.personIdNumber, input.kind, input.subjectId,
        input.amountHalalas, input.description.ar, input.description.en, at.getTime(),
      )!;
      const number = billNumber(id);
      setNumber.run(number, id);
      return { id, number };
    },
  };
}

export function billOperations(tx: Tx) {
  async function unpaidTotal(personIdNumber: string, kinds: readonly BillKind[]): Promise<{ count: number; amountHalalas: number }> {
    const row = await first(
      tx
        .select({ count: sql<number>`count(*)`.mapWith(Number), amountHalalas: sql<number>`coalesce(sum(${bills.amountHalalas}), 0)`.mapWith(Number) })
        .from(bills)
        .where(and(eq(bills.personIdNumber, personIdNumber), eq(bills.status, 'UNPAID'), inArray(bills.kind, [...kinds]))),
    );
    return { count: row?.count ?? 0, amountHalalas: row?.amountHalalas ?? 0 };
  }

  return {
    async create(input: NewBill, at: Date): Promise<BillRow> {
      checkAmount(input);
      const [inserted] = await tx
        .insert(bills)
        .values({
          number: provisionalNumber(input, at),
          personIdNumber: input.personIdNumber,
          kind: input.kind,
          subjectId: input.subjectId,
          amountHalalas: input.amountHalalas,
          descriptionAr: input.description.ar,
          descriptionEn: input.description.en,
          createdAt: at,
        })
        .returning();
      const number = billNumber(inserted!.id);
      await tx.update(bills).set({ number }).where(eq(bills.id, inserted!.id));
      return { ...inserted!, number };
    },
    /**
     * Many bills in two statements whatever their number (the registry
     * import: one per imported violation). Answers each new bill's ID and
     * number, in the order given.
     */
    async createMany(inputs: readonly NewBill[], at: Date): Promise<Array<{ id: number; number: string }>> {
      const created: Array<{ id: number; number: string }> = [];
      // A statement's parameters are bounded (PostgreSQL: 65,535): 8 a bill.
      for (let from = 0; from < inputs.length; from += 1000) {
        const chunk = inputs.slice(from, from + 1000);
        chunk.forEach(checkAmount);
        const inserted = await tx
          .insert(bills)
          .values(
            chunk.map((input) => ({
              number: provisionalNumber(input, at),
              personIdNumber: input.personIdNumber,
              kind: input.kind,
              subjectId: input.subjectId,
              amountHalalas: input.amountHalalas,
              descriptionAr: input.description.ar,
              descriptionEn: input.description.en,
              createdAt: at,
            })),
          )
          .returning({ id: bills.id, kind: bills.kind, subjectId: bills.subjectId });
        // RETURNING promises no order: match rows back by their subject (unique per kind).
        const idOf = new Map(inserted.map((row) => [`${row.kind}:${row.subjectId}`, row.id]));
        const numbered = chunk.map((input) => {
          const id = idOf.get(`${input.kind}:${input.subjectId}`)!;
          return { id, number: billNumber(id) };
        });
        await tx
          .update(bills)
          .set({ number: sql`case ${bills.id} ${sql.join(numbered.map(({ id, number }) => sql`when ${id} then ${number}`), sql` `)} end` })
          .where(inArray(bills.id, numbered.map(({ id }) => id)));
        created.push(...numbered);
      }
      return created;
    },
    bySubject(kind: BillKind, subjectId: string): Promise<BillRow | undefined> {
      return first(tx.select().from(bills).where(and(eq(bills.kind, kind), eq(bills.subjectId, subjectId))));
    },
    async byIds(ids: readonly number[]): Promise<BillRow[]> {
      return ids.length ? tx.select().from(bills).where(inArray(bills.id, [...ids])) : [];
    },
    async setHold(billId: number, onHold: boolean): Promise<void> {
      await tx.update(bills).set({ onHold }).where(eq(bills.id, billId));
    },
    async cancel(billId: number): Promise<void> {
      await tx.update(bills).set({ status: 'CANCELLED' }).where(and(eq(bills.id, billId), eq(bills.status, 'UNPAID')));
    },
    /** How many unpaid bills of these kinds the person has, and what they add up to. */
    unpaidTotal,
    /**
     * Gives back the money of a paid bill (an objection accepted after the fine
     * was paid). The bill leaves PAID for CANCELLED and a refund row records
     * the money returned, so the ledger keeps balancing: succeeded payments
     * minus refunds equal the bills still PAID. False if the bill was not paid.
     */
    async refund(billId: number, reason: string, at: Date): Promise<boolean> {
      const bill = await first(tx.select().from(bills).where(eq(bills.id, billId)));
      if (!bill || bill.status !== 'PAID' || bill.paidByPaymentId === null) return false;
      await tx.insert(refunds).values({ paymentId: bill.paidByPaymentId, billId, amountHalalas: bill.amountHalalas, reason, createdAt: at });
      await tx.update(bills).set({ status: 'CANCELLED' }).where(eq(bills.id, billId));
      return true;
    },
    async unpaidCount(personIdNumber: string, kinds: readonly BillKind[]): Promise<number> {
      return (await unpaidTotal(personIdNumber, kinds)).count;
    },
  };
}

export type BillOperations = ReturnType<typeof billOperations>;
