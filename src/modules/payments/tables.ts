// Bills (every amount a person owes) and payments (money that settled them).
// Amounts are integer halalas; there is no floating point on the money path.
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';
import { accounts } from '../identity/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const BILL_KINDS = ['TRAFFIC_VIOLATION', 'DOCUMENT_RENEWAL', 'VISA_FEE', 'DEPENDENT_FEE', 'FAMILY_VISIT_VISA_FEE', 'LATE_BIRTH_REGISTRATION_FINE'] as const;
export type BillKind = (typeof BILL_KINDS)[number];

export const bills = sqliteTable(
  'bills',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    kind: text('kind', { enum: BILL_KINDS }).notNull(),
    // What the bill pays for, in the owning module's terms (a violation's ID,
    // a renewal's ID, ...). One open bill per subject.
    subjectId: text('subject_id').notNull(),
    amountHalalas: integer('amount_halalas').notNull(),
    descriptionAr: text('description_ar').notNull(),
    descriptionEn: text('description_en').notNull(),
    status: text('status', { enum: ['UNPAID', 'PAID', 'CANCELLED'] }).notNull().default('UNPAID'),
    // A bill on hold (a violation under objection) cannot be paid until released.
    onHold: integer('on_hold', { mode: 'boolean' }).notNull().default(false),
    // The payment that has reserved this bill while the gateway is asked: a
    // second payment cannot take the same bill in the meantime.
    reservedByPaymentId: integer('reserved_by_payment_id'),
    paidByPaymentId: integer('paid_by_payment_id'),
    createdAt: timestamp('created_at').notNull(),
    paidAt: timestamp('paid_at'),
  },
  (t) => [
    uniqueIndex('bills_subject').on(t.kind, t.subjectId),
    index('bills_person_status').on(t.personIdNumber, t.status),
  ],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    idempotencyKey: text('idempotency_key').notNull(),
    // A digest of what was asked (the sorted bill IDs): the same key with
    // other bills is refused instead of silently answering the first payment.
    requestDigest: text('request_digest').notNull(),
    amountHalalas: integer('amount_halalas').notNull(),
    status: text('status', { enum: ['PENDING', 'SUCCEEDED', 'DECLINED', 'FAILED'] }).notNull(),
    receiptNumber: text('receipt_number').unique(),
    gatewayReference: text('gateway_reference'),
    failureCode: text('failure_code'),
    // Each call to the gateway is one attempt, sent with the idempotency key
    // `payment-<id>-<attempt>`: a retry after a decline or a failure is a new
    // attempt of the same payment (so the client's key stays bound to it),
    // while a repeated call for the same attempt can never charge twice.
    attempt: integer('attempt').notNull().default(1),
    // When the current attempt asked the gateway: an attempt older than the
    // gateway deadline can no longer be answered and is settled by lookup.
    attemptedAt: timestamp('attempted_at'),
    createdAt: timestamp('created_at').notNull(),
    completedAt: timestamp('completed_at'),
  },
  (t) => [uniqueIndex('payments_account_key').on(t.accountId, t.idempotencyKey), index('payments_status').on(t.status)],
);

export const paymentBills = sqliteTable(
  'payment_bills',
  {
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    billId: integer('bill_id')
      .notNull()
      .references(() => bills.id),
    amountHalalas: integer('amount_halalas').notNull(),
  },
  (t) => [primaryKey({ columns: [t.paymentId, t.billId] }), index('payment_bills_bill').on(t.billId)],
);

export const REFUND_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;

// Money given back (an objection accepted after the fine was paid). The ledger
// balances when payments received minus refunds equal the bills still paid.
export const refunds = sqliteTable('refunds', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  paymentId: integer('payment_id')
    .notNull()
    .references(() => payments.id),
  billId: integer('bill_id')
    .notNull()
    .unique()
    .references(() => bills.id),
  amountHalalas: integer('amount_halalas').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at').notNull(),
  // The row is written with the change that owes the money (outbox): the card
  // is credited later, outside any transaction, by `sendPendingRefunds`, with
  // the idempotency key `refund-<id>` so a repeated send never credits twice.
  // FAILED: the gateway refused it or kept failing; support settles it by hand.
  status: text('status', { enum: REFUND_STATUSES }).notNull().default('PENDING'),
  gatewayReference: text('gateway_reference'),
  /** Gateway calls made for this refund, whatever their answer. */
  attempts: integer('attempts').notNull().default(0),
  sentAt: timestamp('sent_at'),
}, (t) => [index('refunds_status').on(t.status)]);

export type BillRow = typeof bills.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
