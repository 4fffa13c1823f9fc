// The payments module's data access: bills and payments as the payment flow
// and the account's lists see them. Writes run in one transaction
// (`atomically`); other modules touch bills only through bills-store.ts
// inside their own transaction.
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { first, rowsChanged, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { bills, paymentBills, payments, refunds, type BillKind, type BillRow, type PaymentRow, type RefundRow } from './tables.js';

type NewPayment = typeof payments.$inferInsert;
type BillStatus = BillRow['status'];

function txOperations(tx: Queryable) {
  return {
    paymentByKey: (accountId: number, idempotencyKey: string): Promise<PaymentRow | undefined> =>
      first(tx.select().from(payments).where(and(eq(payments.accountId, accountId), eq(payments.idempotencyKey, idempotencyKey)))),
    payment: (id: number): Promise<PaymentRow | undefined> => first(tx.select().from(payments).where(eq(payments.id, id))),
    bills: async (ids: readonly number[]): Promise<BillRow[]> => (ids.length ? tx.select().from(bills).where(inArray(bills.id, [...ids])) : []),
    billsReservedBy: async (paymentId: number): Promise<BillRow[]> => tx.select().from(bills).where(eq(bills.reservedByPaymentId, paymentId)),
    async insertPayment(row: NewPayment, billRows: readonly BillRow[]): Promise<PaymentRow> {
      const [payment] = await tx.insert(payments).values(row).returning();
      await tx
        .insert(paymentBills)
        .values(billRows.map((bill) => ({ paymentId: payment!.id, billId: bill.id, amountHalalas: bill.amountHalalas })));
      return payment!;
    },
    async updatePayment(id: number, changes: Partial<NewPayment>): Promise<PaymentRow> {
      const [updated] = await tx.update(payments).set(changes).where(eq(payments.id, id)).returning();
      return updated!;
    },
    /**
     * Reserves the bills for a payment, each only if it is still payable and
     * free: the count of rows changed tells whether all were taken.
     */
    async reserve(paymentId: number, billIds: readonly number[]): Promise<boolean> {
      const changed = await tx
        .update(bills)
        .set({ reservedByPaymentId: paymentId })
        .where(and(inArray(bills.id, [...billIds]), eq(bills.status, 'UNPAID'), eq(bills.onHold, false), isNull(bills.reservedByPaymentId)));
      return rowsChanged(changed) === billIds.length;
    },
    async release(paymentId: number): Promise<void> {
      await tx.update(bills).set({ reservedByPaymentId: null }).where(eq(bills.reservedByPaymentId, paymentId));
    },
    async markPaid(billId: number, paymentId: number, at: Date): Promise<void> {
      await tx
        .update(bills)
        .set({ status: 'PAID', paidAt: at, paidByPaymentId: paymentId, reservedByPaymentId: null })
        .where(and(eq(bills.id, billId), eq(bills.status, 'UNPAID')));
    },
    async insertRefund(row: typeof refunds.$inferInsert): Promise<void> {
      await tx.insert(refunds).values(row);
    },
    refund: (id: number): Promise<RefundRow | undefined> => first(tx.select().from(refunds).where(eq(refunds.id, id))),
    async updateRefund(id: number, changes: Partial<typeof refunds.$inferInsert>): Promise<void> {
      await tx.update(refunds).set(changes).where(eq(refunds.id, id));
    },
  };
}

export function createPaymentsStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  return {
    atomically: transactionsOf(db, txOperations),

    findBills: reads.bills,
    async findBillsBySubject(kind: BillKind, subjectIds: readonly string[]): Promise<BillRow[]> {
      return subjectIds.length ? read.select().from(bills).where(and(eq(bills.kind, kind), inArray(bills.subjectId, [...subjectIds]))) : [];
    },
    async billsOfPerson(personIdNumber: string, status: BillStatus | null, limit: number, beforeId: number | null): Promise<BillRow[]> {
      return read
        .select()
        .from(bills)
        .where(and(eq(bills.personIdNumber, personIdNumber), status ? eq(bills.status, status) : undefined, beforeId === null ? undefined : lt(bills.id, beforeId)))
        .orderBy(desc(bills.id))
        .limit(limit);
    },
    async countBillsOfPerson(personIdNumber: string, status: BillStatus | null): Promise<number> {
      const row = await first(read.select({ n: count() }).from(bills).where(and(eq(bills.personIdNumber, personIdNumber), status ? eq(bills.status, status) : undefined)));
      return row?.n ?? 0;
    },

    async findPayments(ids: readonly number[]): Promise<PaymentRow[]> {
      return ids.length ? read.select().from(payments).where(inArray(payments.id, [...ids])) : [];
    },
    findPayment: reads.payment,
    async paymentsOfAccount(accountId: number, limit: number, beforeId: number | null): Promise<PaymentRow[]> {
      return read
        .select()
        .from(payments)
        .where(and(eq(payments.accountId, accountId), beforeId === null ? undefined : lt(payments.id, beforeId)))
        .orderBy(desc(payments.id))
        .limit(limit);
    },
    async countPaymentsOfAccount(accountId: number): Promise<number> {
      return (await first(read.select({ n: count() }).from(payments).where(eq(payments.accountId, accountId))))?.n ?? 0;
    },
    async billsOfPayments(paymentIds: readonly number[]): Promise<Array<{ paymentId: number; bill: BillRow }>> {
      if (!paymentIds.length) return [];
      return read
        .select({ paymentId: paymentBills.paymentId, bill: bills })
        .from(paymentBills)
        .innerJoin(bills, eq(bills.id, paymentBills.billId))
        .where(inArray(paymentBills.paymentId, [...paymentIds]))
        .orderBy(paymentBills.billId);
    },
    /** Attempts that asked the gateway at or before `before` and were never settled. */
    async unsettledPayments(before: Date, accountId?: number): Promise<PaymentRow[]> {
      return read
        .select()
        .from(payments)
        .where(and(eq(payments.status, 'PENDING'), lte(payments.attemptedAt, before), accountId === undefined ? undefined : eq(payments.accountId, accountId)));
    },

    /** Refunds not yet credited, oldest first, with the payment whose charge they give back. */
    async pendingRefunds(): Promise<Array<{ refund: RefundRow; payment: PaymentRow }>> {
      return read
        .select({ refund: refunds, payment: payments })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .where(eq(refunds.status, 'PENDING'))
        .orderBy(refunds.id);
    },
    /** FAILED refunds oldest first, each with the person its bill belonged to. */
    async failedRefunds(limit: number, afterId: number | null): Promise<Array<{ refund: RefundRow; personIdNumber: string }>> {
      return read
        .select({ refund: refunds, personIdNumber: bills.personIdNumber })
        .from(refunds)
        .innerJoin(bills, eq(bills.id, refunds.billId))
        .where(and(eq(refunds.status, 'FAILED'), afterId === null ? undefined : gt(refunds.id, afterId)))
        .orderBy(asc(refunds.id))
        .limit(limit);
    },
    async countFailedRefunds(): Promise<number> {
      return (await first(read.select({ n: count() }).from(refunds).where(eq(refunds.status, 'FAILED'))))?.n ?? 0;
    },
    /** One access-log row per person whose payment an administrator was shown, all or none. */
    async recordAdminReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (!entries.length) return;
      await db.atomically(async (tx) => {
        for (const entry of entries) await recordAccess(tx, entry);
      });
    },
    async refundsOfPayments(paymentIds: readonly number[]): Promise<RefundRow[]> {
      return paymentIds.length ? read.select().from(refunds).where(inArray(refunds.paymentId, [...paymentIds])).orderBy(refunds.id) : [];
    },

    /** The three totals of the ledger rule: succeeded payments - refunds = paid bills. */
    async ledger(): Promise<{ succeededHalalas: number; refundedHalalas: number; paidBillsHalalas: number }> {
      // sum() of a bigint is numeric on PostgreSQL, which node-postgres hands over as a string.
      const sum = (column: typeof payments.amountHalalas | typeof refunds.amountHalalas | typeof bills.amountHalalas) =>
        sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
      const total = async (query: PromiseLike<Array<{ n: number }>>) => (await first(query))?.n ?? 0;
      return {
        succeededHalalas: await total(read.select({ n: sum(payments.amountHalalas) }).from(payments).where(eq(payments.status, 'SUCCEEDED'))),
        refundedHalalas: await total(read.select({ n: sum(refunds.amountHalalas) }).from(refunds)),
        paidBillsHalalas: await total(read.select({ n: sum(bills.amountHalalas) }).from(bills).where(eq(bills.status, 'PAID'))),
      };
    },
  };
}

export type PaymentsStore = ReturnType<typeof createPaymentsStore>;
export type PaymentsTx = Parameters<Parameters<PaymentsStore['atomically']>[0]>[0];
