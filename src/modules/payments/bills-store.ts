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

export function billOperations(tx: Tx) {
  return {
    create(input: NewBill, at: Date): BillRow {
      if (!Number.isSafeInteger(input.amountHalalas) || input.amountHalalas <= 0) throw new RangeError('a bill amount is a positive integer of halalas');
      const inserted = tx
        .insert(bills)
        .values({
          number: `PENDING-${input.kind}-${input.subjectId}-${at.getTime()}`,
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
      // The public bill number (SADAD style) follows from the row ID.
      const number = `B${String(inserted.id).padStart(10, '0')}`;
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
