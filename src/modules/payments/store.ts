// The payments module's data access: bills and payments as the payment flow
// and the account's lists see them. Writes run in one synchronous immediate
// transaction (`atomically`); other modules touch bills only through
// bills-store.ts inside their own transaction.
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { bills, paymentBills, payments, refunds, type BillKind, type BillRow, type PaymentRow, type RefundRow } from './tables.js';

type NewPayment = typeof payments.$inferInsert;
type BillStatus = BillRow['status'];

function txOperations(tx: Transaction) {
  return {
    tx,
    paymentByKey: (accountId: number, idempotencyKey: string): PaymentRow | undefined =>
      tx.select().from(payments).where(and(eq(payments.accountId, accountId), eq(payments.idempotencyKey, idempotencyKey))).get(),
    payment: (id: number): PaymentRow | undefined => tx.select().from(payments).where(eq(payments.id, id)).get(),
    bills: (ids: readonly number[]): BillRow[] => (ids.length ? tx.select().from(bills).where(inArray(bills.id, [...ids])).all() : []),
    billsReservedBy: (paymentId: number): BillRow[] => tx.select().from(bills).where(eq(bills.reservedByPaymentId, paymentId)).all(),
    insertPayment(row: NewPayment, billRows: readonly BillRow[]): PaymentRow {
      const payment = tx.insert(payments).values(row).returning().get();
      tx.insert(paymentBills)
        .values(billRows.map((bill) => ({ paymentId: payment.id, billId: bill.id, amountHalalas: bill.amountHalalas })))
        .run();
      return payment;
    },
    updatePayment(id: number, changes: Partial<NewPayment>): PaymentRow {
      return tx.update(payments).set(changes).where(eq(payments.id, id)).returning().get();
    },
    /**
     * Reserves the bills for a payment, each only if it is still payable and
     * free: the count of rows changed tells whether all were taken.
     */
    reserve(paymentId: number, billIds: readonly number[]): boolean {
      const changed = tx
        .update(bills)
        .set({ reservedByPaymentId: paymentId })
        .where(and(inArray(bills.id, [...billIds]), eq(bills.status, 'UNPAID'), eq(bills.onHold, false), isNull(bills.reservedByPaymentId)))
        .run();
      return changed.changes === billIds.length;
    },
    release(paymentId: number): void {
      tx.update(bills).set({ reservedByPaymentId: null }).where(eq(bills.reservedByPaymentId, paymentId)).run();
    },
    markPaid(billId: number, paymentId: number, at: Date): void {
      tx.update(bills)
        .set({ status: 'PAID', paidAt: at, paidByPaymentId: paymentId, reservedByPaymentId: null })
        .where(and(eq(bills.id, billId), eq(bills.status, 'UNPAID')))
        .run();
    },
    insertRefund(row: typeof refunds.$inferInsert): void {
      tx.insert(refunds).values(row).run();
    },
    refund: (id: number): RefundRow | undefined => tx.select().from(refunds).where(eq(refunds.id, id)).get(),
    updateRefund(id: number, changes: Partial<typeof refunds.$inferInsert>): void {
      tx.update(refunds).set(changes).where(eq(refunds.id, id)).run();
    },
  };
}

export type PaymentsTx = ReturnType<typeof txOperations>;

export function createPaymentsStore(db: Db) {
  return {
    /**
     * Runs `work` synchronously inside one immediate write transaction and
     * returns its result synchronously: the payment flow registers an attempt
     * as in flight before anything else can run. (The one deliberate exception
     * to async data access: a PostgreSQL port would register the attempt
     * through the database instead, e.g. an advisory lock per payment.)
     */
    atomically<T>(work: (tx: PaymentsTx) => T): T {
      return writeTransaction(db, (tx) => work(txOperations(tx)));
    },

    async findBills(ids: readonly number[]): Promise<BillRow[]> {
      return ids.length ? db.select().from(bills).where(inArray(bills.id, [...ids])).all() : [];
    },
    async findBillsBySubject(kind: BillKind, subjectIds: readonly string[]): Promise<BillRow[]> {
      return subjectIds.length ? db.select().from(bills).where(and(eq(bills.kind, kind), inArray(bills.subjectId, [...subjectIds]))).all() : [];
    },
    async billsOfPerson(personIdNumber: string, status: BillStatus | null, limit: number, beforeId: number | null): Promise<BillRow[]> {
      return db
        .select()
        .from(bills)
        .where(and(eq(bills.personIdNumber, personIdNumber), status ? eq(bills.status, status) : undefined, beforeId === null ? undefined : lt(bills.id, beforeId)))
        .orderBy(desc(bills.id))
        .limit(limit)
        .all();
    },
    async countBillsOfPerson(personIdNumber: string, status: BillStatus | null): Promise<number> {
      return (
        db
          .select({ n: count() })
          .from(bills)
          .where(and(eq(bills.personIdNumber, personIdNumber), status ? eq(bills.status, status) : undefined))
          .get()?.n ?? 0
      );
    },

    async findPayments(ids: readonly number[]): Promise<PaymentRow[]> {
      return ids.length ? db.select().from(payments).where(inArray(payments.id, [...ids])).all() : [];
    },
    async findPayment(id: number): Promise<PaymentRow | undefined> {
      return db.select().from(payments).where(eq(payments.id, id)).get();
    },
    async paymentsOfAccount(accountId: number, limit: number, beforeId: number | null): Promise<PaymentRow[]> {
      return db
        .select()
        .from(payments)
        .where(and(eq(payments.accountId, accountId), beforeId === null ? undefined : lt(payments.id, beforeId)))
        .orderBy(desc(payments.id))
        .limit(limit)
        .all();
    },
    async countPaymentsOfAccount(accountId: number): Promise<number> {
      return db.select({ n: count() }).from(payments).where(eq(payments.accountId, accountId)).get()?.n ?? 0;
    },
    async billsOfPayments(paymentIds: readonly number[]): Promise<Array<{ paymentId: number; bill: BillRow }>> {
      if (!paymentIds.length) return [];
      return db
        .select({ paymentId: paymentBills.paymentId, bill: bills })
        .from(paymentBills)
        .innerJoin(bills, eq(bills.id, paymentBills.billId))
        .where(inArray(paymentBills.paymentId, [...paymentIds]))
        .orderBy(paymentBills.billId)
        .all();
    },
    /** Attempts that asked the gateway at or before `before` and were never settled. */
    async unsettledPayments(before: Date, accountId?: number): Promise<PaymentRow[]> {
      return db
        .select()
        .from(payments)
        .where(and(eq(payments.status, 'PENDING'), lte(payments.attemptedAt, before), accountId === undefined ? undefined : eq(payments.accountId, accountId)))
        .all();
    },

    /** Refunds not yet credited, oldest first, with the payment whose charge they give back. */
    async pendingRefunds(): Promise<Array<{ refund: RefundRow; payment: PaymentRow }>> {
      return db
        .select({ refund: refunds, payment: payments })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .where(eq(refunds.status, 'PENDING'))
        .orderBy(refunds.id)
        .all();
    },
    /** FAILED refunds oldest first, each with the person its bill belonged to. */
    async failedRefunds(limit: number, afterId: number | null): Promise<Array<{ refund: RefundRow; personIdNumber: string }>> {
      return db
        .select({ refund: refunds, personIdNumber: bills.personIdNumber })
        .from(refunds)
        .innerJoin(bills, eq(bills.id, refunds.billId))
        .where(and(eq(refunds.status, 'FAILED'), afterId === null ? undefined : gt(refunds.id, afterId)))
        .orderBy(asc(refunds.id))
        .limit(limit)
        .all();
    },
    async countFailedRefunds(): Promise<number> {
      return db.select({ n: count() }).from(refunds).where(eq(refunds.status, 'FAILED')).get()?.n ?? 0;
    },
    /** One access-log row per person whose payment an administrator was shown, all or none. */
    async recordAdminReads(entries: NewAccessLogEntry[]): Promise<void> {
      if (entries.length) writeTransaction(db, (tx) => entries.forEach((entry) => recordAccess(tx, entry)));
    },
    async refundsOfPayments(paymentIds: readonly number[]): Promise<RefundRow[]> {
      return paymentIds.length ? db.select().from(refunds).where(inArray(refunds.paymentId, [...paymentIds])).orderBy(refunds.id).all() : [];
    },

    /** The three totals of the ledger rule: succeeded payments - refunds = paid bills. */
    async ledger(): Promise<{ succeededHalalas: number; refundedHalalas: number; paidBillsHalalas: number }> {
      const sum = (column: typeof payments.amountHalalas | typeof refunds.amountHalalas | typeof bills.amountHalalas) =>
        sql<number>`coalesce(sum(${column}), 0)`;
      return {
        succeededHalalas: db.select({ n: sum(payments.amountHalalas) }).from(payments).where(eq(payments.status, 'SUCCEEDED')).get()?.n ?? 0,
        refundedHalalas: db.select({ n: sum(refunds.amountHalalas) }).from(refunds).get()?.n ?? 0,
        paidBillsHalalas: db.select({ n: sum(bills.amountHalalas) }).from(bills).where(eq(bills.status, 'PAID')).get()?.n ?? 0,
      };
    },
  };
}

export type PaymentsStore = ReturnType<typeof createPaymentsStore>;
