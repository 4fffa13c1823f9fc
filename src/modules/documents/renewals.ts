// Renewing a document: the eligibility answer, the renewal with its fee bill
// (one transaction), and what paying that bill does.
import { subjectRowId } from '../payments/bill-events.js';
import { Refusal, succeed, type Outcome } from '../../server/user-errors.js';
import { halalasToDecimal } from '../../server/money.js';
import { toGlobalId } from '../../server/global-id.js';
import type { Tx } from '../../db/database.js';
import { billOperations } from '../payments/bills-store.js';
import type { BillKind, BillRow } from '../payments/tables.js';
import type { RegistryDocumentRow } from '../registry/tables.js';
import { notify } from '../notifications/notify.js';
import { violatedUniqueIndex } from '../../db/errors.js';
import type { DocumentsDeps, Holder } from './deps.js';
import type { DocumentsTx } from './store.js';
import type { RenewalRow } from './tables.js';
import type { DocumentErrorCode } from './errors.js';
import { addMonths, laterOf, riyadhToday } from './calendar.js';
import { assessRenewal, type RenewalAssessment, type RenewalBlocker, type UnpaidBills } from './status.js';

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

  /** What the rules weigh besides the document: read in the transaction that acts on them, or by the reader for the query. */
  interface Facts {
    pendingRenewalOf(documentId: number): Promise<RenewalRow | undefined>;
    unpaid(idNumber: string, kinds: readonly BillKind[]): Promise<UnpaidBills>;
  }

  async function assess(facts: Facts, holder: Holder, document: RegistryDocumentRow, today: string) {
    return assessRenewal({
      document,
      holderKind: holder.kind,
      today,
      pendingRenewal: await facts.pendingRenewalOf(document.id),
      unpaidViolations: await facts.unpaid(holder.idNumber, ['TRAFFIC_VIOLATION']),
      unpaidDependentFees: await facts.unpaid(holder.idNumber, ['DEPENDENT_FEE']),
    });
  }

  const inTransaction = (tx: DocumentsTx): Facts => ({ pendingRenewalOf: tx.pendingRenewalOf, unpaid: billOperations(tx.tx).unpaidTotal });

  const ownDocument = async (ops: Pick<DocumentsTx, 'document'>, holder: Holder, documentId: number) => {
    const document = await ops.document(documentId);
    // Someone else's document answers exactly like a missing one.
    return document && document.personIdNumber === holder.idNumber ? document : undefined;
  };

  return {
    /** Null when the document is unknown or not the holder's. */
    async eligibility(holder: Holder, documentId: number): Promise<Eligibility | null> {
      const document = await ownDocument(store, holder, documentId);
      return document ? { document, ...(await assess(store, holder, document, riyadhToday(now()))) } : null;
    },

    async renew(holder: Holder, documentId: number, periodMonths: number | null): Promise<Outcome<{ renewal: RenewalRow; bill: BillRow }, DocumentErrorCode>> {
      const at = now();
      try {
        return await store.atomically(async (tx): Promise<Outcome<{ renewal: RenewalRow; bill: BillRow }, DocumentErrorCode>> => {
          const document = await ownDocument(tx, holder, documentId);
          if (!document) return refusal('DOCUMENT_NOT_FOUND', ['documentId']);
          const assessment = await assess(inTransaction(tx), holder, document, riyadhToday(at));
          if (assessment.blockers.length > 0) return { ok: false, refusals: assessment.blockers.map(blockerRefusal) };
          const months = periodMonths ?? assessment.defaultMonths;
          const quote = assessment.quotes.find((q) => q.months === months);
          if (!quote) return refusal('PERIOD_NOT_OFFERED', ['periodMonths']);
          const renewal = await tx.insertRenewal({
            documentId: document.id,
            accountId: holder.accountId,
            status: 'PENDING_PAYMENT',
            periodMonths: quote.months,
            previousExpiresOn: document.expiresOn,
            createdAt: at,
          });
          const label = documentLabel[document.type];
          const bill = await billOperations(tx.tx).create(
            {
              personIdNumber: holder.idNumber,
              kind: 'DOCUMENT_RENEWAL',
              subjectId: String(renewal.id),
              amountHalalas: quote.feeHalalas,
              description: { ar: `رسوم تجديد ${label.ar} ${document.number}`, en: `Renewal fee, ${label.en} ${document.number}` },
            },
            at,
          );
          return succeed({ renewal: await tx.updateRenewal(renewal.id, { billId: bill.id }), bill });
        });
      } catch (error) {
        // A concurrent request for the same document won (PostgreSQL: the
        // one-pending index refused this one's insert, ending its transaction).
        if (violatedUniqueIndex(error) === 'document_renewals_one_pending') return refusal('RENEWAL_ALREADY_PENDING', ['documentId']);
        throw error;
      }
    },

    /** Withdraws a renewal waiting for payment (to choose another period, say) and cancels its bill. */
    async cancel(holder: Holder, renewalId: number): Promise<Outcome<RenewalRow, DocumentErrorCode>> {
      return store.atomically(async (tx): Promise<Outcome<RenewalRow, DocumentErrorCode>> => {
        const renewal = await tx.renewal(renewalId);
        if (!renewal || !(await ownDocument(tx, holder, renewal.documentId))) return refusal('RENEWAL_NOT_FOUND', ['renewalId']);
        if (renewal.status !== 'PENDING_PAYMENT') return refusal('RENEWAL_NOT_PENDING', ['renewalId']);
        const bills = billOperations(tx.tx);
        const [bill] = await bills.byIds(renewal.billId === null ? [] : [renewal.billId]);
        // A bill reserved by a payment in flight may still be charged: cancelling now could take money for nothing.
        if (bill && bill.reservedByPaymentId !== null) return refusal('PAYMENT_IN_PROGRESS', ['renewalId']);
        if (bill) await bills.cancel(bill.id);
        return succeed(await tx.updateRenewal(renewal.id, { status: 'CANCELLED' }));
      });
    },

    /**
     * Runs inside the payment's transaction: the new validity counts from the
     * later of the payment day and the current expiry, so renewing early loses
     * no days and renewing late does not backdate.
     */
    async onFeePaid(tx: Tx, bill: BillRow, paidAt: Date): Promise<void> {
      const ops = store.within(tx);
      const renewalId = subjectRowId(bill.subjectId);
      const renewal = renewalId === null ? undefined : await ops.renewal(renewalId);
      if (!renewal || renewal.status !== 'PENDING_PAYMENT') return;
      const document = await ops.document(renewal.documentId);
      if (!document) throw new Error(`renewal ${renewal.id} without its document`);
      const today = riyadhToday(paidAt);
      const newExpiresOn = addMonths(laterOf(today, document.expiresOn), renewal.periodMonths);
      await ops.renewDocument(document.id, today, newExpiresOn);
      await ops.updateRenewal(renewal.id, { status: 'COMPLETED', newExpiresOn, completedAt: paidAt });
      const label = documentLabel[document.type];
      await notify(
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
