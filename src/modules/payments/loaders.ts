import DataLoader from 'dataloader';
import type { PaymentsService } from './service.js';
import type { BillKind, BillRow, PaymentRow, RefundRow } from './tables.js';
import { byKeys, groupedByKeys } from '../../server/batch.js';

export function createPaymentsLoaders(payments: PaymentsService) {
  const billOfSubject = (kind: BillKind) =>
    new DataLoader<string, BillRow | null>(async (subjectIds) =>
      byKeys(subjectIds, await payments.findBillsBySubject(kind, subjectIds), (row) => row.subjectId),
    );
  return {
    paymentById: new DataLoader<number, PaymentRow | null>(async (ids) => byKeys(ids, await payments.findPayments(ids), (row) => row.id)),
    billById: new DataLoader<number, BillRow | null>(async (ids) => byKeys(ids, await payments.findBills(ids), (row) => row.id)),
    billsOfPayment: new DataLoader<number, BillRow[]>(async (paymentIds) =>
      groupedByKeys(paymentIds, await payments.billsOfPayments(paymentIds), (row) => row.paymentId).map((rows) => rows.map((row) => row.bill)),
    ),
    refundsOfPayment: new DataLoader<number, RefundRow[]>(async (paymentIds) =>
      groupedByKeys(paymentIds, await payments.refundsOfPayments(paymentIds), (row) => row.paymentId),
    ),
    /** The fine of a traffic violation, by the violation's row ID as a string (the bill's subject). */
    billOfTrafficViolation: billOfSubject('TRAFFIC_VIOLATION'),
  };
}
