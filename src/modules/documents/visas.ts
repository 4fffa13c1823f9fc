// Exit and re-entry visas for residents: issue, extend and cancel, each fee a
// VISA_FEE bill. Bills are unique per (kind, subject), so the visa and each of
// its extensions are distinct subjects: `visa:<id>` and `visa-extension:<id>`.
import { subjectRowId } from '../payments/bill-events.js';
import { Refusal, succeed, type Outcome } from '../../server/user-errors.js';
import { toGlobalId } from '../../server/global-id.js';
import { halalasToDecimal } from '../../server/money.js';
import type { Tx } from '../../db/database.js';
import { billOperations } from '../payments/bills-store.js';
import type { BillRow } from '../payments/tables.js';
import { notify } from '../notifications/notify.js';
import type { DocumentsDeps, Holder } from './deps.js';
import type { DocumentsTx, VisaExtensionRow } from './store.js';
import type { ExitReentryVisaRow } from './tables.js';
import type { DocumentErrorCode } from './errors.js';
import { addMonths, daysBetween, riyadhToday } from './calendar.js';
import { MIN_PASSPORT_DAYS_FOR_VISA, extensionFee, visaFee, visaSchedule, type VisaType } from './visa-schedule.js';

type Refused = { ok: false; refusals: Refusal<DocumentErrorCode>[] };
const refused = (code: DocumentErrorCode, field: string[] | null = null, params: Record<string, string | number> = {}): Refused => ({
  ok: false,
  refusals: [new Refusal(code, field, params)],
});

const visaSubject = (id: number) => `visa:${id}`;
const extensionSubject = (id: number) => `visa-extension:${id}`;

/** Issued and not yet ended, or waiting for its fee: a resident holds one at a time. */
function isActive(visa: ExitReentryVisaRow, today: string): boolean {
  return visa.status === 'PENDING_PAYMENT' || (visa.status === 'ISSUED' && (visa.validUntil ?? '') >= today);
}

export function createVisas(deps: DocumentsDeps) {
  const { store, now } = deps;

  /** The refusals every visa fee shares: a valid Iqama, a passport with room left, no unpaid fines. */
  async function travelRefusals(tx: DocumentsTx, holder: Holder, today: string): Promise<Refusal<DocumentErrorCode>[]> {
    const documents = await tx.documentsOfPerson(holder.idNumber);
    const refusals: Refusal<DocumentErrorCode>[] = [];
    if (!documents.some((d) => d.type === 'IQAMA' && d.expiresOn >= today)) refusals.push(new Refusal('IQAMA_NOT_VALID'));
    const passportDays = Math.max(-1, ...documents.filter((d) => d.type === 'PASSPORT').map((d) => daysBetween(today, d.expiresOn)));
    if (passportDays < MIN_PASSPORT_DAYS_FOR_VISA) refusals.push(new Refusal('PASSPORT_EXPIRING', null, { days: MIN_PASSPORT_DAYS_FOR_VISA }));
    const violations = await billOperations(tx.tx).unpaidTotal(holder.idNumber, ['TRAFFIC_VIOLATION']);
    if (violations.count > 0) {
      refusals.push(new Refusal('UNPAID_VIOLATIONS', null, { count: violations.count, amount: halalasToDecimal(violations.amountHalalas) }));
    }
    return refusals;
  }

  const ownVisa = async (tx: DocumentsTx, holder: Holder, visaId: number) => {
    const visa = await tx.visa(visaId);
    return visa && visa.personIdNumber === holder.idNumber ? visa : undefined;
  };

  return {
    async issue(holder: Holder, visaType: VisaType, months: number): Promise<Outcome<{ visa: ExitReentryVisaRow; bill: BillRow }, DocumentErrorCode>> {
      // Citizens travel on their national ID and passport; the visa is a residency matter.
      if (holder.kind !== 'RESIDENT') return refused('NOT_A_RESIDENT');
      const tariff = visaSchedule[visaType];
      if (!Number.isInteger(months) || months < tariff.baseMonths || months > tariff.maxMonths) {
        return refused('VISA_MONTHS_INVALID', ['months'], { min: tariff.baseMonths, max: tariff.maxMonths });
      }
      const at = now();
      const today = riyadhToday(at);
      return store.atomically(async (tx): Promise<Outcome<{ visa: ExitReentryVisaRow; bill: BillRow }, DocumentErrorCode>> => {
        const refusals = await travelRefusals(tx, holder, today);
        if ((await tx.visasOfPerson(holder.idNumber)).some((v) => isActive(v, today))) refusals.push(new Refusal('VISA_ALREADY_ACTIVE'));
        if (refusals.length > 0) return { ok: false, refusals };
        const visa = await tx.insertVisa({ personIdNumber: holder.idNumber, accountId: holder.accountId, visaType, months, status: 'PENDING_PAYMENT', createdAt: at });
        const bill = await billOperations(tx.tx).create(
          {
            personIdNumber: holder.idNumber,
            kind: 'VISA_FEE',
            subjectId: visaSubject(visa.id),
            amountHalalas: visaFee(visaType, months),
            description: {
              ar: `رسوم تأشيرة خروج وعودة ${visaType === 'SINGLE' ? 'مفردة' : 'متعددة'} لمدة ${months} شهر`,
              en: `${visaType === 'SINGLE' ? 'Single' : 'Multiple'} exit and re-entry visa, ${months} months`,
            },
          },
          at,
        );
        return succeed({ visa: await tx.updateVisa(visa.id, { billId: bill.id }), bill });
      });
    },

    async extend(holder: Holder, visaId: number, months: number): Promise<Outcome<{ visa: ExitReentryVisaRow; extension: VisaExtensionRow; bill: BillRow }, DocumentErrorCode>> {
      const at = now();
      const today = riyadhToday(at);
      return store.atomically(async (tx): Promise<Outcome<{ visa: ExitReentryVisaRow; extension: VisaExtensionRow; bill: BillRow }, DocumentErrorCode>> => {
        const visa = await ownVisa(tx, holder, visaId);
        if (!visa) return refused('VISA_NOT_FOUND', ['visaId']);
        if (visa.status !== 'ISSUED' || (visa.validUntil ?? '') < today) return refused('VISA_NOT_ISSUED', ['visaId']);
        const room = visaSchedule[visa.visaType].maxMonths - visa.months;
        if (!Number.isInteger(months) || months < 1 || months > room) return refused('VISA_MONTHS_INVALID', ['months'], { min: 1, max: Math.max(room, 0) });
        if ((await tx.extensionsOf(visa.id)).some((e) => e.status === 'PENDING_PAYMENT')) return refused('EXTENSION_ALREADY_PENDING', ['visaId']);
        const refusals = await travelRefusals(tx, holder, today);
        if (refusals.length > 0) return { ok: false, refusals };
        const extension = await tx.insertExtension({ visaId: visa.id, months, status: 'PENDING_PAYMENT', createdAt: at });
        const bill = await billOperations(tx.tx).create(
          {
            personIdNumber: holder.idNumber,
            kind: 'VISA_FEE',
            subjectId: extensionSubject(extension.id),
            amountHalalas: extensionFee(visa.visaType, months),
            description: { ar: `تمديد تأشيرة خروج وعودة ${visa.number} لمدة ${months} شهر`, en: `Extension of exit and re-entry visa ${visa.number}, ${months} months` },
          },
          at,
        );
        return succeed({ visa, extension: await tx.updateExtension(extension.id, { billId: bill.id }), bill });
      });
    },

    /** Fees already paid are not refunded (Jawazat does not refund an unused visa). */
    async cancel(holder: Holder, visaId: number): Promise<Outcome<ExitReentryVisaRow, DocumentErrorCode>> {
      return store.atomically(async (tx): Promise<Outcome<ExitReentryVisaRow, DocumentErrorCode>> => {
        const visa = await ownVisa(tx, holder, visaId);
        if (!visa) return refused('VISA_NOT_FOUND', ['visaId']);
        if (visa.status === 'CANCELLED') return refused('VISA_ALREADY_CANCELLED', ['visaId']);
        const pendingExtensions = (await tx.extensionsOf(visa.id)).filter((e) => e.status === 'PENDING_PAYMENT');
        const openBillIds = [visa.status === 'PENDING_PAYMENT' ? visa.billId : null, ...pendingExtensions.map((e) => e.billId)].filter((id): id is number => id !== null);
        const bills = billOperations(tx.tx);
        const openBills = (await bills.byIds(openBillIds)).filter((b) => b.status === 'UNPAID');
        // A bill reserved by a payment in flight may still be charged: cancelling now could take money for nothing.
        if (openBills.some((b) => b.reservedByPaymentId !== null)) return refused('PAYMENT_IN_PROGRESS', ['visaId']);
        for (const bill of openBills) await bills.cancel(bill.id);
        for (const extension of pendingExtensions) await tx.updateExtension(extension.id, { status: 'CANCELLED' });
        return succeed(await tx.updateVisa(visa.id, { status: 'CANCELLED' }));
      });
    },

    /** Runs inside the payment's transaction. */
    async onFeePaid(tx: Tx, bill: BillRow, paidAt: Date): Promise<void> {
      const ops = store.within(tx);
      const today = riyadhToday(paidAt);
      const visaId = subjectRowId(bill.subjectId, 'visa');
      const extensionId = subjectRowId(bill.subjectId, 'visa-extension');
      if (visaId !== null) {
        const visa = await ops.visa(visaId);
        if (!visa || visa.status !== 'PENDING_PAYMENT') return;
        const issued = await ops.updateVisa(visa.id, {
          status: 'ISSUED',
          number: `ERV${String(visa.id).padStart(9, '0')}`,
          validFrom: today,
          validUntil: addMonths(today, visa.months),
        });
        await tellHolder(tx, issued, paidAt, {
          title: { ar: 'صدرت تأشيرة الخروج والعودة', en: 'Your exit and re-entry visa is issued' },
          body: {
            ar: `صدرت التأشيرة رقم ${issued.number} وهي صالحة حتى ${issued.validUntil}.`,
            en: `Visa ${issued.number} is issued and valid until ${issued.validUntil}.`,
          },
        });
      } else if (extensionId !== null) {
        const extension = await ops.extension(extensionId);
        if (!extension || extension.status !== 'PENDING_PAYMENT') return;
        const visa = await ops.visa(extension.visaId);
        if (!visa || visa.status !== 'ISSUED' || !visa.validUntil) return;
        const extended = await ops.updateVisa(visa.id, { months: visa.months + extension.months, validUntil: addMonths(visa.validUntil, extension.months) });
        await ops.updateExtension(extension.id, { status: 'APPLIED' });
        await tellHolder(tx, extended, paidAt, {
          title: { ar: 'تم تمديد تأشيرة الخروج والعودة', en: 'Your exit and re-entry visa is extended' },
          body: {
            ar: `أصبحت التأشيرة رقم ${extended.number} صالحة حتى ${extended.validUntil}.`,
            en: `Visa ${extended.number} is now valid until ${extended.validUntil}.`,
          },
        });
      }
    },
  };
}

function tellHolder(tx: Tx, visa: ExitReentryVisaRow, at: Date, text: { title: { ar: string; en: string }; body: { ar: string; en: string } }): Promise<void> {
  return notify(tx, { personIdNumber: visa.personIdNumber, kind: 'EXIT_REENTRY_VISA', ...text, subjectId: toGlobalId('ExitReentryVisa', visa.id) }, at);
}

export type Visas = ReturnType<typeof createVisas>;
