// Bill rows. These operations are synchronous and take the caller's
// transaction, so that another module can create or settle a bill in the same
// transaction as its own change (a renewal and its fee are written together).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { Transaction } from '../../db/transaction.js';
import { bills, refunds, type BillKind, type BillRow } from './tables.js';

export type Tx = Transaction | Db;

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
export function preparedBillCreation(db: Db) {
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
  return {
    create(input: NewBill, at: Date): BillRow {
      checkAmount(input);
      const inserted = tx
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
        .returning()
        .get();
      const number = billNumber(inserted.id);
      tx.update(bills).set({ number }).where(eq(bills.id, inserted.id)).run();
      return { ...inserted, number };
    },
    bySubject(kind: BillKind, subjectId: string): BillRow | undefined {
      return tx.select().from(bills).where(and(eq(bills.kind, kind), eq(bills.subjectId, subjectId))).get();
    },
    byIds(ids: readonly number[]): BillRow[] {
      return ids.length ? tx.select().from(bills).where(inArray(bills.id, [...ids])).all() : [];
    },
    setHold(billId: number, onHold: boolean): void {
      tx.update(bills).set({ onHold }).where(eq(bills.id, billId)).run();
    },
    cancel(billId: number): void {
      tx.update(bills).set({ status: 'CANCELLED' }).where(and(eq(bills.id, billId), eq(bills.status, 'UNPAID'))).run();
    },
    /** How many unpaid bills of these kinds the person has, and what they add up to. */
    unpaidTotal(personIdNumber: string, kinds: readonly BillKind[]): { count: number; amountHalalas: number } {
      const row = tx
        .select({ count: sql<number>`count(*)`, amountHalalas: sql<number>`coalesce(sum(${bills.amountHalalas}), 0)` })
        .from(bills)
        .where(and(eq(bills.personIdNumber, personIdNumber), eq(bills.status, 'UNPAID'), inArray(bills.kind, [...kinds])))
        .get();
      return { count: row?.count ?? 0, amountHalalas: row?.amountHalalas ?? 0 };
    },
    /**
     * Gives back the money of a paid bill (an objection accepted after the fine
     * was paid). The bill leaves PAID for CANCELLED and a refund row records
     * the money returned, so the ledger keeps balancing: succeeded payments
     * minus refunds equal the bills still PAID. False if the bill was not paid.
     */
    refund(billId: number, reason: string, at: Date): boolean {
      const bill = tx.select().from(bills).where(eq(bills.id, billId)).get();
      if (!bill || bill.status !== 'PAID' || bill.paidByPaymentId === null) return false;
      tx.insert(refunds).values({ paymentId: bill.paidByPaymentId, billId, amountHalalas: bill.amountHalalas, reason, createdAt: at }).run();
      tx.update(bills).set({ status: 'CANCELLED' }).where(eq(bills.id, billId)).run();
      return true;
    },
    unpaidCount(personIdNumber: string, kinds: readonly BillKind[]): number {
      return (
        tx
          .select({ n: sql<number>`count(*)` })
          .from(bills)
          .where(and(eq(bills.personIdNumber, personIdNumber), eq(bills.status, 'UNPAID'), inArray(bills.kind, [...kinds])))
          .get()?.n ?? 0
      );
    },
  };
}

export type BillOperations = ReturnType<typeof billOperations>;
