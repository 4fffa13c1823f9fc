// Family visit visas: a person invites one relative from abroad per
// application. SUBMITTED -> APPROVED | REJECTED by a residency officer; the
// fee is billed on approval (nobody pays for a refused visa, so a refusal
// never needs a refund); an approved visa is ISSUED by an officer only once
// its fee is paid. The applicant is notified of every step.
import type { Tx } from '../../db/database.js';
import { billOperations } from '../payments/bills-store.js';
import type { BillRow } from '../payments/tables.js';
import { notify } from '../notifications/notify.js';
import type { Localized } from '../../i18n/language.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { FamilyErrorCode } from './errors.js';
import type { FamilyStore } from './store.js';
import type { FamilyVisitVisaRow } from './tables.js';
import { addYears, daysBetween, riyadhDate } from './dates.js';

export const FAMILY_VISIT_VISA_FEE_HALALAS = 300_00;
export const MAX_VISIT_DAYS = 90;
export const VISITOR_RELATIONSHIPS = ['PARENT', 'SPOUSE', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD', 'PARENT_IN_LAW'] as const;
export type VisitorRelationship = (typeof VISITOR_RELATIONSHIPS)[number];
export type VisaStatus = FamilyVisitVisaRow['status'];

export interface VisaApplication {
  visitor: { name: string; nationality: string; passportNumber: string; relationship: VisitorRelationship };
  from: string;
  to: string;
}

export interface Applicant {
  idNumber: string;
  accountId: number;
}

type Result<T> = Outcome<T, FamilyErrorCode>;
const visitorField = (name: string) => ['input', 'visitor', name];

export function createVisitVisas(store: FamilyStore, now: () => Date) {
  const tellApplicant = (visa: FamilyVisitVisaRow, kind: string, title: Localized, body: Localized) => ({
    personIdNumber: visa.applicantIdNumber,
    kind,
    title,
    body,
    subjectId: toGlobalId('FamilyVisitVisa', visa.id),
  });

  function check(application: VisaApplication, today: string): Result<VisaApplication> {
    const name = application.visitor.name.trim().replace(/\s+/g, ' ');
    const nationality = application.visitor.nationality.trim().toUpperCase();
    const passportNumber = application.visitor.passportNumber.trim().toUpperCase();
    if (name.length < 2 || name.length > 100) return refuse('VISITOR_NAME_INVALID', visitorField('name'));
    if (!/^[A-Z]{2}$/.test(nationality)) return refuse('NATIONALITY_INVALID', visitorField('nationality'));
    if (nationality === 'SA') return refuse('VISITOR_IS_SAUDI', visitorField('nationality'));
    if (!/^[A-Z0-9]{5,20}$/.test(passportNumber)) return refuse('PASSPORT_NUMBER_INVALID', visitorField('passportNumber'));
    const { from, to } = application;
    if (from <= today || from > addYears(today, 1) || to <= from) return refuse('VISIT_DATES_INVALID', ['input', 'from']);
    if (daysBetween(from, to) > MAX_VISIT_DAYS) return refuse('VISIT_TOO_LONG', ['input', 'to']);
    return succeed({ visitor: { ...application.visitor, name, nationality, passportNumber }, from, to });
  }

  return {
    /**
     * Runs in the payment's transaction when a visa fee is paid: the applicant
     * learns the visa now waits only for an officer to issue it.
     */
    async onFeePaid(tx: Tx, bill: BillRow, paidAt: Date): Promise<void> {
      await notify(
        tx,
        {
          personIdNumber: bill.personIdNumber,
          kind: 'FAMILY_VISIT_VISA_FEE_PAID',
          title: { ar: 'تم سداد رسوم تأشيرة الزيارة العائلية', en: 'Family visit visa fee paid' },
          body: { ar: 'استلمنا رسوم التأشيرة، وستصدر قريبًا.', en: 'We received the visa fee; the visa will be issued shortly.' },
          subjectId: toGlobalId('FamilyVisitVisa', bill.subjectId),
        },
        paidAt,
      );
    },

    /** The applicant's own application, or any application for a residency officer; undefined otherwise, as for an unknown ID. */
    async findFor(viewer: { idNumber: string; isResidencyOfficer: boolean }, id: number): Promise<FamilyVisitVisaRow | undefined> {
      const visa = await store.findVisa(id);
      return visa && (visa.applicantIdNumber === viewer.idNumber || viewer.isResidencyOfficer) ? visa : undefined;
    },
    visasOf: (applicantIdNumber: string, limit: number, beforeId: number | null) => store.visasOf(applicantIdNumber, limit, beforeId),
    countVisasOf: (applicantIdNumber: string) => store.countVisasOf(applicantIdNumber),
    queue: (status: VisaStatus, limit: number, afterId: number | null) => store.visasInStatus(status, limit, afterId),
    countQueue: (status: VisaStatus) => store.countVisasInStatus(status),

    async apply(applicant: Applicant, application: VisaApplication): Promise<Result<FamilyVisitVisaRow>> {
      const at = now();
      const checked = check(application, riyadhDate(at));
      if (!checked.ok) return checked;
      const { visitor, from, to } = checked.value;
      return store.atomically(async (tx): Promise<Result<FamilyVisitVisaRow>> => {
        if (await tx.openVisaFor(applicant.idNumber, visitor.passportNumber)) return refuse('VISA_APPLICATION_OPEN', visitorField('passportNumber'));
        const visa = await tx.insertVisa({
          applicantIdNumber: applicant.idNumber,
          applicantAccountId: applicant.accountId,
          visitorNameEn: visitor.name,
          visitorNationality: visitor.nationality,
          visitorPassportNumber: visitor.passportNumber,
          relationship: visitor.relationship,
          arrivalDate: from,
          departureDate: to,
          status: 'SUBMITTED',
          createdAt: at,
          updatedAt: at,
        });
        await notify(
          tx.tx,
          tellApplicant(visa, 'FAMILY_VISIT_VISA_SUBMITTED',
            { ar: 'تم استلام طلب تأشيرة الزيارة العائلية', en: 'Family visit visa application received' },
            { ar: `استلمنا طلب تأشيرة زيارة ${visitor.name}، وسيُبت فيه قريبًا.`, en: `We received the visit visa application for ${visitor.name}; it will be decided soon.` }),
          at,
        );
        return succeed(visa);
      });
    },

    /** A residency officer approves (billing the fee) or rejects (with a reason the applicant reads). */
    async decide(officerAccountId: number, id: number, approve: boolean, note: string | null): Promise<Result<FamilyVisitVisaRow>> {
      const at = now();
      const reason = note?.trim() || null;
      if ((!approve && !reason) || (reason && reason.length > 500)) return refuse('DECISION_NOTE_REQUIRED', ['input', 'note']);
      return store.atomically(async (tx): Promise<Result<FamilyVisitVisaRow>> => {
        const visa = await tx.visa(id);
        if (!visa) return refuse('VISA_NOT_FOUND', ['input', 'visaId']);
        if (visa.applicantAccountId === officerAccountId) return refuse('OWN_APPLICATION');
        if (visa.status !== 'SUBMITTED') return refuse('VISA_NOT_SUBMITTED');
        if (!approve) {
          const changes = { status: 'REJECTED' as const, decidedByAccountId: officerAccountId, decisionNote: reason, updatedAt: at };
          await tx.updateVisa(id, changes);
          await notify(
            tx.tx,
            tellApplicant(visa, 'FAMILY_VISIT_VISA_REJECTED',
              { ar: 'رُفض طلب تأشيرة الزيارة العائلية', en: 'Family visit visa application rejected' },
              { ar: `رُفض طلب تأشيرة زيارة ${visa.visitorNameEn}. السبب: ${reason}`, en: `The visit visa application for ${visa.visitorNameEn} was rejected. Reason: ${reason}` }),
            at,
          );
          return succeed({ ...visa, ...changes });
        }
        const fee = await billOperations(tx.tx).create(
          {
            personIdNumber: visa.applicantIdNumber,
            kind: 'FAMILY_VISIT_VISA_FEE',
            subjectId: String(visa.id),
            amountHalalas: FAMILY_VISIT_VISA_FEE_HALALAS,
            description: { ar: `رسوم تأشيرة زيارة عائلية: ${visa.visitorNameEn}`, en: `Family visit visa fee: ${visa.visitorNameEn}` },
          },
          at,
        );
        const changes = { status: 'APPROVED' as const, billId: fee.id, decidedByAccountId: officerAccountId, decisionNote: reason, updatedAt: at };
        await tx.updateVisa(id, changes);
        await notify(
          tx.tx,
          tellApplicant(visa, 'FAMILY_VISIT_VISA_APPROVED',
            { ar: 'تمت الموافقة على تأشيرة الزيارة العائلية', en: 'Family visit visa approved' },
            { ar: `تمت الموافقة على تأشيرة زيارة ${visa.visitorNameEn}. سدد الرسوم (300 ريال) لإصدارها.`, en: `The visit visa for ${visa.visitorNameEn} was approved. Pay the fee (SAR 300) to have it issued.` }),
          at,
        );
        return succeed({ ...visa, ...changes });
      });
    },

    /** Issues an approved visa whose fee is paid; the visa number follows from the application's ID. */
    async issue(officerAccountId: number, id: number): Promise<Result<FamilyVisitVisaRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<FamilyVisitVisaRow>> => {
        const visa = await tx.visa(id);
        if (!visa) return refuse('VISA_NOT_FOUND', ['input', 'visaId']);
        if (visa.applicantAccountId === officerAccountId) return refuse('OWN_APPLICATION');
        if (visa.status !== 'APPROVED') return refuse('VISA_NOT_APPROVED');
        const [fee] = visa.billId === null ? [] : await billOperations(tx.tx).byIds([visa.billId]);
        if (fee?.status !== 'PAID') return refuse('VISA_FEE_UNPAID');
        const changes = { status: 'ISSUED' as const, visaNumber: `FV${String(visa.id).padStart(9, '0')}`, updatedAt: at };
        await tx.updateVisa(id, changes);
        await notify(
          tx.tx,
          tellApplicant(visa, 'FAMILY_VISIT_VISA_ISSUED',
            { ar: 'صدرت تأشيرة الزيارة العائلية', en: 'Family visit visa issued' },
            { ar: `صدرت تأشيرة زيارة ${visa.visitorNameEn} برقم ${changes.visaNumber}.`, en: `The visit visa for ${visa.visitorNameEn} was issued, number ${changes.visaNumber}.` }),
          at,
        );
        return succeed({ ...visa, ...changes });
      });
    },
  };
}
