// Traffic violations: the person's list, objections within the legal window,
// and the traffic officer's work (issuing violations, deciding objections).
// A violation's fine is a bill (payments module); every change to a violation
// and to its bill commits in one transaction through billOperations.
import { subjectRowId, type BillEvents } from '../payments/bill-events.js';
import { billOperations } from '../payments/bills-store.js';
import type { IdentityService } from '../identity/service.js';
import type { PaymentsService } from '../payments/service.js';
import type { RegistryService } from '../registry/service.js';
import { isValidIdNumber } from '../registry/id-number.js';
import { notify } from '../notifications/notify.js';
import { violatedUniqueIndex } from '../../db/errors.js';
import { decimalToHalalas, halalasToDecimal } from '../../server/money.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { TrafficViolationRow } from '../registry/tables.js';
import type { ObjectionRow } from './tables.js';
import type { ViolationStatus, ViolationsStore, ViolationsTx } from './store.js';
import type { ViolationErrorCode } from './errors.js';

/** Traffic law gives 30 days from the violation to object. */
export const OBJECTION_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_REASON_LENGTH = 2000;
export const MAX_NOTE_LENGTH = 2000;
/** The largest fine an officer can record (SAR 100,000), in halalas. */
export const MAX_FINE_HALALAS = 10_000_000;

export interface ViolationsDeps {
  store: ViolationsStore;
  billEvents: BillEvents;
  identity: Pick<IdentityService, 'findAccount'>;
  registry: Pick<RegistryService, 'findPerson'>;
  /** Settles card payments abandoned mid-way, whose reservation would otherwise block an objection. */
  payments: Pick<PaymentsService, 'settleUnfinished'>;
  now?: () => Date;
}

export interface NewViolationInput {
  idNumber: string;
  plate: string;
  description: { ar: string; en: string };
  amount: string;
  city: string;
  issuedAt?: Date | null;
}

type Result<T> = Outcome<T, ViolationErrorCode>;

export function objectionDeadline(violation: Pick<TrafficViolationRow, 'issuedAt'>): Date {
  return new Date(Date.parse(violation.issuedAt) + OBJECTION_WINDOW_DAYS * DAY_MS);
}

const billSubject = (violation: Pick<TrafficViolationRow, 'id'>) => String(violation.id);
const violationNumber = (id: number, at: Date) => `TV${at.getUTCFullYear()}${String(id).padStart(8, '0')}`;

export function createViolationsService(deps: ViolationsDeps) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());

  // Paying a violation's bill pays the violation, in the payment's transaction.
  deps.billEvents.onPaid('TRAFFIC_VIOLATION', async (tx, bill) => {
    const violations = store.within(tx);
    const violationId = subjectRowId(bill.subjectId);
    const violation = violationId === null ? undefined : await violations.violation(violationId);
    if (violation?.status === 'UNPAID') await violations.setStatus(violation.id, 'PAID');
  });

  async function personOf(accountId: number): Promise<string> {
    const account = await deps.identity.findAccount(accountId);
    if (!account) throw new Error('signed-in account vanished');
    return account.personIdNumber;
  }

  function tell(tx: ViolationsTx, violation: TrafficViolationRow, kind: string, title: { ar: string; en: string }, body: { ar: string; en: string }, at: Date): Promise<void> {
    return notify(tx.tx, { personIdNumber: violation.personIdNumber, kind, title, body, subjectId: toGlobalId('TrafficViolation', violation.id) }, at);
  }

  return {
    async objectToViolation(accountId: number, violationId: number, reasonText: string): Promise<Result<ObjectionRow>> {
      const reason = reasonText.trim();
      if (!reason) return refuse('OBJECTION_REASON_REQUIRED', ['reason']);
      if (reason.length > MAX_REASON_LENGTH) return refuse('OBJECTION_REASON_TOO_LONG', ['reason'], { max: MAX_REASON_LENGTH });
      const personIdNumber = await personOf(accountId);
      await deps.payments.settleUnfinished(accountId);
      try {
        return await store.atomically(async (tx): Promise<Result<ObjectionRow>> => {
          const at = now();
          const violation = await tx.violation(violationId);
          // Someone else's violation answers exactly like an unknown one.
          if (!violation || violation.personIdNumber !== personIdNumber) return refuse('VIOLATION_NOT_FOUND', ['violationId']);
          if (violation.status === 'CANCELLED') return refuse('VIOLATION_CANCELLED', ['violationId']);
          if (violation.status === 'UNDER_OBJECTION') return refuse('OBJECTION_ALREADY_PENDING', ['violationId']);
          if (at.getTime() > objectionDeadline(violation).getTime()) return refuse('OBJECTION_WINDOW_CLOSED', ['violationId'], { days: OBJECTION_WINDOW_DAYS });
          const bills = billOperations(tx.tx);
          const bill = await bills.bySubject('TRAFFIC_VIOLATION', billSubject(violation));
          // A card being charged for this fine right now would mark it paid
          // under the objection's feet; the person can object once it settles.
          if (bill?.reservedByPaymentId != null) return refuse('VIOLATION_PAYMENT_IN_PROGRESS', ['violationId']);
          const objection = await tx.insertObjection({
            violationId: violation.id, accountId, reason, status: 'PENDING', previousViolationStatus: violation.status, createdAt: at,
          });
          await tx.setStatus(violation.id, 'UNDER_OBJECTION');
          if (bill?.status === 'UNPAID') await bills.setHold(bill.id, true);
          await tell(tx, violation, 'VIOLATION_OBJECTION_FILED',
            { en: 'Objection received', ar: 'تم استلام الاعتراض' },
            { en: `Your objection to violation ${violation.number} was received. Its fine is on hold until a decision.`, ar: `تم استلام اعتراضك على المخالفة ${violation.number}. الغرامة معلقة حتى البت فيه.` },
            at);
          return succeed(objection);
        });
      } catch (error) {
        // A concurrent objection to the same violation won (PostgreSQL: the
        // one-active index refused this one's insert, ending its transaction).
        if (violatedUniqueIndex(error) === 'violation_objections_one_active') return refuse('OBJECTION_ALREADY_PENDING', ['violationId']);
        throw error;
      }
    },

    async issueViolation(input: NewViolationInput): Promise<Result<TrafficViolationRow>> {
      const plate = input.plate.trim();
      const city = input.city.trim();
      const description = { ar: input.description.ar.trim(), en: input.description.en.trim() };
      const amountHalalas = decimalToHalalas(input.amount);
      const at = now();
      if (!isValidIdNumber(input.idNumber)) return refuse('INVALID_ID_NUMBER', ['idNumber']);
      if (!plate || plate.length > 20) return refuse('PLATE_INVALID', ['plate']);
      if (!description.ar || !description.en || description.ar.length > 500 || description.en.length > 500) return refuse('DESCRIPTION_INVALID', ['description']);
      if (amountHalalas === null || amountHalalas <= 0 || amountHalalas > MAX_FINE_HALALAS) {
        return refuse('AMOUNT_INVALID', ['amount'], { max: halalasToDecimal(MAX_FINE_HALALAS) });
      }
      if (!city || city.length > 100) return refuse('CITY_INVALID', ['city']);
      const issuedAt = input.issuedAt ?? at;
      if (issuedAt.getTime() > at.getTime()) return refuse('ISSUED_AT_IN_FUTURE', ['issuedAt']);
      if (!(await deps.registry.findPerson(input.idNumber))) return refuse('PERSON_NOT_FOUND', ['idNumber']);

      return store.atomically(async (tx): Promise<Result<TrafficViolationRow>> => {
        const violation = await tx.insertViolation(
          {
            personIdNumber: input.idNumber, plate, descriptionAr: description.ar, descriptionEn: description.en,
            amountHalalas, issuedAt: issuedAt.toISOString(), city, status: 'UNPAID',
          },
          (id) => violationNumber(id, at),
        );
        await billOperations(tx.tx).create(
          { personIdNumber: violation.personIdNumber, kind: 'TRAFFIC_VIOLATION', subjectId: billSubject(violation), amountHalalas, description },
          at,
        );
        const amount = halalasToDecimal(amountHalalas);
        await tell(tx, violation, 'VIOLATION_ISSUED',
          { en: 'New traffic violation', ar: 'مخالفة مرورية جديدة' },
          { en: `Violation ${violation.number} (${description.en}) in ${city}: fine SAR ${amount}.`, ar: `المخالفة ${violation.number} (${description.ar}) في ${city}: الغرامة ${amount} ريال.` },
          at);
        return succeed(violation);
      });
    },

    /**
     * Accepted: the violation is CANCELLED; an unpaid fine is cancelled, a paid
     * one is refunded (its bill goes to CANCELLED with a refund row, so the
     * ledger still balances: succeeded payments - refunds = PAID bills).
     * Rejected: the violation returns to its status before the objection and
     * its bill is released from hold.
     */
    async decideObjection(officerAccountId: number, objectionId: number, accept: boolean, noteText: string | null): Promise<Result<ObjectionRow>> {
      const note = noteText?.trim() || null;
      if (note && note.length > MAX_NOTE_LENGTH) return refuse('DECISION_NOTE_TOO_LONG', ['note'], { max: MAX_NOTE_LENGTH });
      return store.atomically(async (tx): Promise<Result<ObjectionRow>> => {
        const at = now();
        const objection = await tx.objection(objectionId);
        if (!objection) return refuse('OBJECTION_NOT_FOUND', ['objectionId']);
        if (objection.status !== 'PENDING') return refuse('OBJECTION_ALREADY_DECIDED', ['objectionId']);
        if (objection.accountId === officerAccountId) return refuse('OBJECTION_OWN', ['objectionId']);
        const violation = await tx.violation(objection.violationId);
        if (!violation) throw new Error('objection without its violation');
        const bills = billOperations(tx.tx);
        const bill = await bills.bySubject('TRAFFIC_VIOLATION', billSubject(violation));
        if (bill) await bills.setHold(bill.id, false);
        let outcome: ViolationStatus;
        if (accept) {
          outcome = 'CANCELLED';
          if (bill?.status === 'UNPAID') await bills.cancel(bill.id);
          if (bill?.status === 'PAID') await bills.refund(bill.id, 'OBJECTION_ACCEPTED', at);
        } else {
          outcome = objection.previousViolationStatus;
        }
        await tx.setStatus(violation.id, outcome);
        const decided = await tx.updateObjection(objection.id, {
          status: accept ? 'ACCEPTED' : 'REJECTED', decidedByAccountId: officerAccountId, decisionNote: note, decidedAt: at,
        });
        const refunded = accept && bill?.status === 'PAID';
        await tell(tx, violation, accept ? 'VIOLATION_OBJECTION_ACCEPTED' : 'VIOLATION_OBJECTION_REJECTED',
          accept ? { en: 'Objection accepted', ar: 'تم قبول الاعتراض' } : { en: 'Objection rejected', ar: 'تم رفض الاعتراض' },
          accept
            ? {
                en: `Violation ${violation.number} was cancelled.${refunded ? ' The fine you paid will be refunded.' : ''}`,
                ar: `أُلغيت المخالفة ${violation.number}.${refunded ? ' سيتم رد الغرامة التي دفعتها.' : ''}`,
              }
            : { en: `Your objection to violation ${violation.number} was rejected.`, ar: `رُفض اعتراضك على المخالفة ${violation.number}.` },
          at);
        return succeed(decided);
      });
    },

    /**
     * A traffic officer shown other people's violations or objections leaves
     * one access-log row per person (who, role, purpose, when, request), which
     * the person can read. Officers reading their own records leave none.
     */
    async recordOfficerRead(officerAccountId: number, personIdNumbers: readonly string[], requestId: string): Promise<void> {
      const officer = await deps.identity.findAccount(officerAccountId);
      const others = [...new Set(personIdNumbers)].filter((idNumber) => idNumber !== officer?.personIdNumber);
      if (!others.length) return;
      const officerPerson = officer ? await deps.registry.findPerson(officer.personIdNumber) : undefined;
      const occurredAt = now();
      await store.recordOfficerReads(others.map((personIdNumber) => ({
        personIdNumber, accessorKind: 'OFFICER', accessorId: String(officerAccountId),
        accessorName: officerPerson?.nameEn ?? officer?.username ?? String(officerAccountId),
        accessorRole: 'TRAFFIC_OFFICER', purpose: 'Deciding objections to traffic violations', dataCategory: 'TRAFFIC_VIOLATION',
        requestId, occurredAt,
      })));
    },

    findViolations: (ids: readonly number[]) => store.findViolations(ids),
    violationsOfPerson: (personIdNumber: string, status: ViolationStatus | null, limit: number, beforeId: number | null) =>
      store.violationsOfPerson(personIdNumber, status, limit, beforeId),
    countViolationsOfPerson: (personIdNumber: string, status: ViolationStatus | null) => store.countViolationsOfPerson(personIdNumber, status),
    findObjections: (ids: readonly number[]) => store.findObjections(ids),
    pendingObjectionsOf: (violationIds: readonly number[]) => store.pendingObjectionsOf(violationIds),
    pendingObjections: (limit: number, afterId: number | null) => store.pendingObjections(limit, afterId),
    countPendingObjections: () => store.countPendingObjections(),
    personOf,
  };
}

export type ViolationsService = ReturnType<typeof createViolationsService>;
