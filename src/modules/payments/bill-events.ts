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

/**
 * The row ID a bill's subject names (`"42"`, or the part after `prefix:`),
 * or null when it names none: a subject that is not a row of the owning
 * module finds nothing, on every database (PostgreSQL refuses a non-number
 * where SQLite quietly matches no row).
 */
export function subjectRowId(subjectId: string, prefix?: string): number | null {
  const text = prefix === undefined ? subjectId : subjectId.startsWith(`${prefix}:`) ? subjectId.slice(prefix.length + 1) : '';
  return /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : null;
}
