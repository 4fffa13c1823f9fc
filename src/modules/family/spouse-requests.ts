// Adding a spouse is a request the invited person answers. Until they accept,
// the requester learns nothing about them beyond the ID number they typed:
// whether the invitee is an adult, of which gender, or already someone's
// spouse is checked on acceptance, where only the invitee sees the refusal.
// Only acceptance makes the registry family link (and bills a resident's
// dependent fee, as any new dependent does).
import type { RegistryService } from '../registry/service.js';
import { notify } from '../notifications/notify.js';
import type { Localized } from '../../i18n/language.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { FamilyErrorCode } from './errors.js';
import type { FamilyStore, SpouseRequestDirection } from './store.js';
import type { SpouseRequestRow } from './tables.js';
import { chargeDependentFee } from './dependent-fees.js';
import { ageInYears, riyadhDate, riyadhMonth } from './dates.js';
import { ADULT_AGE } from './dependents.js';

export const SPOUSE_REQUEST_LIFETIME_DAYS = 14;
// Each request puts a notification in a stranger's inbox: a cap per day keeps
// the feature from being a way to message (or probe) many people, and a
// declined person is not asked again for a month.
export const SPOUSE_REQUESTS_PER_DAY = 5;
export const ASK_AGAIN_AFTER_DECLINE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type SpouseRequestStatus = SpouseRequestRow['status'];

type Result<T> = Outcome<T, FamilyErrorCode>;
const idField = ['input', 'idNumber'];
const requestField = ['input', 'spouseRequestId'];

export function createSpouseRequests(store: FamilyStore, registry: RegistryService, now: () => Date) {
  const tell = (personIdNumber: string, kind: string, request: SpouseRequestRow, title: Localized, body: Localized) => ({
    personIdNumber,
    kind,
    title,
    body,
    subjectId: toGlobalId('SpouseRequest', request.id),
  });
  const lapsed = (request: SpouseRequestRow, at: Date) => request.status === 'PENDING' && request.expiresAt.getTime() <= at.getTime();

  return {
    /** What a client sees: a pending request past its expiry reads EXPIRED. */
    statusOf(request: SpouseRequestRow): SpouseRequestStatus {
      return lapsed(request, now()) ? 'EXPIRED' : request.status;
    },

    /** The request if the person sent or received it; else undefined, as for an unknown ID. */
    async findFor(personIdNumber: string, id: number): Promise<SpouseRequestRow | undefined> {
      const request = await store.findSpouseRequest(id);
      return request && (request.requesterIdNumber === personIdNumber || request.inviteeIdNumber === personIdNumber) ? request : undefined;
    },

    requestsOf: (personIdNumber: string, direction: SpouseRequestDirection, limit: number, beforeId: number | null) =>
      store.spouseRequestsOf(personIdNumber, direction, limit, beforeId),
    countRequestsOf: (personIdNumber: string, direction: SpouseRequestDirection) => store.countSpouseRequestsOf(personIdNumber, direction),

    /** The requester asks to add the invitee as their spouse; the requester becomes the guardian on acceptance. */
    async request(requesterIdNumber: string, inviteeIdNumber: string): Promise<Result<SpouseRequestRow>> {
      const at = now();
      if (inviteeIdNumber === requesterIdNumber) return refuse('CANNOT_LINK_SELF', idField);
      // The same existence answer authorizeDelegation gives; nothing more of the person.
      if (!(await registry.findPerson(inviteeIdNumber))) return refuse('PERSON_NOT_FOUND', idField);
      const requester = await registry.findPerson(requesterIdNumber);
      if (!requester) throw new Error('a signed-in person is missing from the registry');
      if (ageInYears(requester.dateOfBirth, riyadhDate(at)) < ADULT_AGE) return refuse('GUARDIAN_NOT_ADULT');

      return store.atomically(async (tx): Promise<Result<SpouseRequestRow>> => {
        // Only the requester's own record is consulted here.
        if ((await tx.link(requesterIdNumber, inviteeIdNumber)) || (await tx.link(inviteeIdNumber, requesterIdNumber))) return refuse('ALREADY_LINKED', idField);
        const open = await tx.pendingSpouseRequestsBetween(requesterIdNumber, inviteeIdNumber);
        if (open.some((request) => !lapsed(request, at))) return refuse('SPOUSE_REQUEST_EXISTS', idField);
        if ((await tx.spouseRequestsSentSince(requesterIdNumber, new Date(at.getTime() - DAY_MS))) >= SPOUSE_REQUESTS_PER_DAY) {
          return refuse('SPOUSE_REQUEST_LIMIT_REACHED');
        }
        const declinedAt = await tx.lastDeclinedAt(requesterIdNumber, inviteeIdNumber);
        if (declinedAt && at.getTime() - declinedAt.getTime() < ASK_AGAIN_AFTER_DECLINE_DAYS * DAY_MS) return refuse('SPOUSE_REQUEST_DECLINED_RECENTLY', idField);
        // Closed so that the one-pending-per-pair index lets a new one in.
        for (const lapsedRequest of open) await tx.updateSpouseRequest(lapsedRequest.id, { status: 'EXPIRED' });
        const request = await tx.insertSpouseRequest({
          requesterIdNumber,
          inviteeIdNumber,
          status: 'PENDING',
          createdAt: at,
          expiresAt: new Date(at.getTime() + SPOUSE_REQUEST_LIFETIME_DAYS * DAY_MS),
        });
        await notify(
          tx.tx,
          tell(inviteeIdNumber, 'FAMILY_SPOUSE_REQUESTED', request,
            { ar: 'طلب إضافة زوج', en: 'Spouse request' },
            { ar: `طلب ${requester.nameAr} إضافتك زوجًا في سجل أسرته. اقبل الطلب أو ارفضه خلال ${SPOUSE_REQUEST_LIFETIME_DAYS} يومًا.`,
              en: `${requester.nameEn} asked to add you as their spouse on their family record. Accept or decline within ${SPOUSE_REQUEST_LIFETIME_DAYS} days.` }),
          at,
        );
        await notify(
          tx.tx,
          tell(requesterIdNumber, 'FAMILY_SPOUSE_REQUEST_SENT', request,
            { ar: 'أُرسل طلب إضافة الزوج', en: 'Spouse request sent' },
            { ar: `أُرسل طلبك إلى صاحب الهوية ${inviteeIdNumber}. يضاف إلى سجل أسرتك عند قبوله.`,
              en: `Your request was sent to ID ${inviteeIdNumber}. They join your family record once they accept.` }),
          at,
        );
        return succeed(request);
      });
    },

    /** The invitee accepts: the family link is made and, for a resident requester, this month's dependent fee billed. */
    async accept(inviteeIdNumber: string, id: number): Promise<Result<SpouseRequestRow>> {
      const at = now();
      const today = riyadhDate(at);
      const pending = await store.findSpouseRequest(id);
      if (!pending || pending.inviteeIdNumber !== inviteeIdNumber) return refuse('SPOUSE_REQUEST_NOT_FOUND', requestField);
      const [requester, invitee] = await Promise.all([registry.findPerson(pending.requesterIdNumber), registry.findPerson(inviteeIdNumber)]);
      if (!requester || !invitee) throw new Error('a spouse request names a person missing from the registry');

      return store.atomically(async (tx): Promise<Result<SpouseRequestRow>> => {
        // Read again inside the transaction: a cancel may have landed since.
        const request = await tx.spouseRequest(id);
        if (!request || request.inviteeIdNumber !== inviteeIdNumber) return refuse('SPOUSE_REQUEST_NOT_FOUND', requestField);
        if (request.status !== 'PENDING') return refuse('SPOUSE_REQUEST_NOT_PENDING');
        if (lapsed(request, at)) return refuse('SPOUSE_REQUEST_EXPIRED');
        if (ageInYears(invitee.dateOfBirth, today) < ADULT_AGE || ageInYears(requester.dateOfBirth, today) < ADULT_AGE) return refuse('SPOUSE_NOT_ADULT');
        if (invitee.gender === requester.gender) return refuse('SPOUSE_GENDER_INVALID');
        const guardianIdNumber = request.requesterIdNumber;
        if ((await tx.link(guardianIdNumber, inviteeIdNumber)) || (await tx.link(inviteeIdNumber, guardianIdNumber))) return refuse('ALREADY_LINKED');
        if ((await tx.linksOfDependent(inviteeIdNumber)).some((link) => link.relationship === 'SPOUSE')) return refuse('ALREADY_A_DEPENDENT');
        await tx.insertLink({ guardianIdNumber, dependentIdNumber: inviteeIdNumber, relationship: 'SPOUSE' });
        await chargeDependentFee(tx, guardianIdNumber, inviteeIdNumber, riyadhMonth(at), at);
        await tx.updateSpouseRequest(id, { status: 'ACCEPTED', answeredAt: at });
        await notify(
          tx.tx,
          tell(guardianIdNumber, 'FAMILY_SPOUSE_ADDED', request,
            { ar: 'تمت إضافة الزوج', en: 'Spouse added' },
            { ar: `قبل ${invitee.nameAr} طلبك وأضيف إلى سجل أسرتك.`, en: `${invitee.nameEn} accepted your request and was added to your family record.` }),
          at,
        );
        await notify(
          tx.tx,
          tell(inviteeIdNumber, 'FAMILY_SPOUSE_REQUEST_ACCEPTED', request,
            { ar: 'قبلت طلب إضافة الزوج', en: 'Spouse request accepted' },
            { ar: `أصبحت تابعًا في سجل أسرة ${requester.nameAr}.`, en: `You are now on ${requester.nameEn}'s family record.` }),
          at,
        );
        return succeed({ ...request, status: 'ACCEPTED' as const, answeredAt: at });
      });
    },

    /** The invitee declines; the requester is told, without the invitee's name. */
    async decline(inviteeIdNumber: string, id: number): Promise<Result<SpouseRequestRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<SpouseRequestRow>> => {
        const request = await tx.spouseRequest(id);
        if (!request || request.inviteeIdNumber !== inviteeIdNumber) return refuse('SPOUSE_REQUEST_NOT_FOUND', requestField);
        if (request.status !== 'PENDING') return refuse('SPOUSE_REQUEST_NOT_PENDING');
        if (lapsed(request, at)) return refuse('SPOUSE_REQUEST_EXPIRED');
        await tx.updateSpouseRequest(id, { status: 'DECLINED', answeredAt: at });
        await notify(
          tx.tx,
          tell(request.requesterIdNumber, 'FAMILY_SPOUSE_REQUEST_DECLINED', request,
            { ar: 'رُفض طلب إضافة الزوج', en: 'Spouse request declined' },
            { ar: `رُفض طلبك المرسل إلى صاحب الهوية ${inviteeIdNumber}.`, en: `Your request to ID ${inviteeIdNumber} was declined.` }),
          at,
        );
        return succeed({ ...request, status: 'DECLINED' as const, answeredAt: at });
      });
    },

    /** The requester withdraws a pending request; the invitee is told. */
    async cancel(requesterIdNumber: string, id: number): Promise<Result<SpouseRequestRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<SpouseRequestRow>> => {
        const request = await tx.spouseRequest(id);
        if (!request || request.requesterIdNumber !== requesterIdNumber) return refuse('SPOUSE_REQUEST_NOT_FOUND', requestField);
        if (request.status !== 'PENDING') return refuse('SPOUSE_REQUEST_NOT_PENDING');
        if (lapsed(request, at)) return refuse('SPOUSE_REQUEST_EXPIRED');
        await tx.updateSpouseRequest(id, { status: 'CANCELLED', answeredAt: at });
        await notify(
          tx.tx,
          tell(request.inviteeIdNumber, 'FAMILY_SPOUSE_REQUEST_CANCELLED', request,
            { ar: 'سُحب طلب إضافة الزوج', en: 'Spouse request withdrawn' },
            { ar: 'سحب مقدم الطلب طلب إضافتك زوجًا.', en: 'The request to add you as a spouse was withdrawn.' }),
          at,
        );
        return succeed({ ...request, status: 'CANCELLED' as const, answeredAt: at });
      });
    },
  };
}
