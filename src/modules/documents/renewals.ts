// Renewing a document: the eligibility answer, the renewal with its fee bill
// (one transaction), and what paying that bill does.
import { Refusal, succeed, type Outcome } from '../../server/user-errors.js';
import { halalasToDecimal } from '../../server/money.js';
import { toGlobalId } from '../../server/global-id.js';
import type { Tx } from '../payments/bills-store.js';
import type { BillRow } from '../payments/tables.js';
import type { RegistryDocumentRow } from '../registry/tables.js';
import { notify } from '../notifications/notify.js';
import type { DocumentsDeps, Holder } from './deps.js';
import type { DocumentsTx } from './store.js';
import type { RenewalRow } from './tables.js';
import type { DocumentErrorCode } from './errors.js';
import { addMonths, laterOf, riyadhToday } from './calendar.js';
import { assessRenewal, type RenewalAssessment, type RenewalBlocker } from './status.js';

const documentLabel: Record<RegistryDocumentRow['type'], { ar: string; en: string }> = {
  NATIONAL_ID: { ar: 'الهوية الوطنية', en: 'national ID' },
  IQAMA: { ar: 'الإقامة', en: 'Iqama' },
  PASSPORT: { ar: 'جواز السفر', en: 'passport' },
  DRIVING_LICENSE: { ar: 'رخصة القيادة', en: 'driving licence' },
  VEHICLE_REGISTRATION: { ar: 'رخصة سير المركبة', en: 'vehicle registration' },
};

const refusal = (code: DocumentErrorCode, field: string[] | null = null): Outcome<never, DocumentErrorCode> => ({ ok: false, refusals: [new Refusal(code, field)] });

export interface Eligibility extends RenewalAssessment {
  document: RegistryDocumentRow;
}

export function blockerRefusal(blocker: RenewalBlocker): Refusal<DocumentErrorCode> {
  const params: Record<string, string | number> = {};
  if (blocker.unpaid) Object.assign(params, { count: blocker.unpaid.count, amount: halalasToDecimal(blocker.unpaid.amountHalalas) });
  if (blocker.opensOn) Object.assign(params, { opensOn: blocker.opensOn, days: blocker.windowDays ?? 0 });
  return new Refusal(blocker.code, blocker.code === 'NOT_RENEWABLE_ONLINE' || blocker.code === 'RENEWAL_ALREADY_PENDING' ? ['documentId'] : null, params);
}

export function createRenewals(deps: DocumentsDeps) {
  const { store, now } = deps;

  function assess(tx: DocumentsTx, holder: Holder, document: RegistryDocumentRow, today: string) {
    return assessRenewal({
      document,
      holderKind: holder.kind,
      today,
      pendingRenewal: tx.pendingRenewalOf(document.id),
      unpaidViolations: tx.bills.unpaidTotal(holder.idNumber, ['TRAFFIC_VIOLATION']),
      unpaidDependentFees: tx.bills.unpaidTotal(holder.idNumber, ['DEPENDENT_FEE']),
    });
  }

  const ownDocument = (tx: DocumentsTx, holder: Holder, documentId: number) => {
    const document = tx.document(documentId);
    // Someone else's document answers exactly like a missing one.
    return document && document.personIdNumber === holder.idNumber ? document : undefined;
  };

  return {
    /** Null when the document is unknown or not the holder's. */
    async eligibility(holder: Holder, documentId: number): Promise<Eligibility | null> {
      return store.read((ops) => {
        const document = ownDocument(ops, holder, documentId);
        return document ? { document, ...assess(ops, holder, document, riyadhToday(now())) } : null;
      });
    },

    async renew(holder: Holder, documentId: number, periodMonths: number | null): Promise<Outcome<{ renewal: RenewalRow; bill: BillRow }, DocumentErrorCode>> {
      const at = now();
      return store.atomically((tx) => {
        const document = ownDocument(tx, holder, documentId);
        if (!document) return refusal('DOCUMENT_NOT_FOUND', ['documentId']);
        const assessment = assess(tx, holder, document, riyadhToday(at));
        if (assessment.blockers.length > 0) return { ok: false, refusals: assessment.blockers.map(blockerRefusal) };
        const months = periodMonths ?? assessment.defaultMonths;
        const quote = assessment.quotes.find((q) => q.months === months);
        if (!quote) return refusal('PERIOD_NOT_OFFERED', ['periodMonths']);
        const renewal = tx.insertRenewal({
          documentId: document.id,
          accountId: holder.accountId,
          status: 'PENDING_PAYMENT',
          periodMonths: quote.months,
          previousExpiresOn: document.expiresOn,
          createdAt: at,
        });
        const label = documentLabel[document.type];
        const bill = tx.bills.create(
          {
            personIdNumber: holder.idNumber,
            kind: 'DOCUMENT_RENEWAL',
            subjectId: String(renewal.id),
            amountHalalas: quote.feeHalalas,
            description: { ar: `رسوم تجديد ${label.ar} ${document.number}`, en: `Renewal fee, ${label.en} ${document.number}` },
          },
          at,
        );
        return succeed({ renewal: tx.updateRenewal(renewal.id, { billId: bill.id }), bill });
      });
    },

    /** Withdraws a renewal waiting for payment (to choose another period, say) and cancels its bill. */
    async cancel(holder: Holder, renewalId: number): Promise<Outcome<RenewalRow, DocumentErrorCode>> {
      return store.atomically((tx) => {
        const renewal = tx.renewal(renewalId);
        if (!renewal || !ownDocument(tx, holder, renewal.documentId)) return refusal('RENEWAL_NOT_FOUND', ['renewalId']);
        if (renewal.status !== 'PENDING_PAYMENT') return refusal('RENEWAL_NOT_PENDING', ['renewalId']);
        const [bill] = tx.bills.byIds(renewal.billId === null ? [] : [renewal.billId]);
        // A bill reserved by a payment in flight may still be charged: cancelling now could take money for nothing.
        if (bill && bill.reservedByPaymentId !== null) return refusal('PAYMENT_IN_PROGRESS', ['renewalId']);
        if (bill) tx.bills.cancel(bill.id);
        return succeed(tx.updateRenewal(renewal.id, { status: 'CANCELLED' }));
      });
    },

    /**
     * Runs inside the payment's transaction: the new validity counts from the
     * later of the payment day and the current expiry, so renewing early loses
     * no days and renewing late does not backdate.
     */
    onFeePaid(tx: Tx, bill: BillRow, paidAt: Date): void {
      const ops = store.within(tx);
      const renewal = ops.renewal(Number(bill.subjectId));
      if (!renewal || renewal.status !== 'PENDING_PAYMENT') return;
      const document = ops.document(renewal.documentId);
      if (!document) throw new Error(`renewal ${renewal.id} without its document`);
      const today = riyadhToday(paidAt);
      const newExpiresOn = addMonths(laterOf(today, document.expiresOn), renewal.periodMonths);
      ops.renewDocument(document.id, today, newExpiresOn);
      ops.updateRenewal(renewal.id, { status: 'COMPLETED', newExpiresOn, completedAt: paidAt });
      const label = documentLabel[document.type];
      notify(
        tx,
        {
          personIdNumber: document.personIdNumber,
          kind: 'DOCUMENT_RENEWED',
          title: { ar: `تم تجديد ${label.ar}`, en: `Your ${label.en} is renewed` },
          body: {
            ar: `تم تجديد ${label.ar} رقم ${document.number} وتنتهي صلاحيتها في ${newExpiresOn}.`,
            en: `Your ${label.en} ${document.number} is renewed and now expires on ${newExpiresOn}.`,
          },
          subjectId: toGlobalId('Document', document.id),
        },
        paidAt,
      );
    },
  };
}

export type Renewals = ReturnType<typeof createRenewals>;
