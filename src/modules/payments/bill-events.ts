// What happens when a bill is paid is the owning module's business: a paid
// violation becomes PAID, a paid renewal fee extends the document. Modules
// register a handler per bill kind; the payment service runs it inside the
// transaction that marks the bill paid, so both happen or neither does.
import type { Tx } from '../../db/database.js';
import type { BillKind, BillRow } from './tables.js';

export type BillPaidHandler = (tx: Tx, bill: BillRow, paidAt: Date) => Promise<void>;

export interface BillEvents {
  onPaid(kind: BillKind, handler: BillPaidHandler): void;
  runPaid(tx: Tx, bill: BillRow, paidAt: Date): Promise<void>;
}

export function createBillEvents(): BillEvents {
  const handlers = new Map<BillKind, BillPaidHandler[]>();
  return {
    onPaid(kind, handler) {
      handlers.set(kind, [...(handlers.get(kind) ?? []), handler]);
    },
    async runPaid(tx, bill, paidAt) {
      for (const handler of handlers.get(bill.kind) ?? []) await handler(tx, bill, paidAt);
    },
  };
}
