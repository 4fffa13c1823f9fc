// Delegation (tafweed): a person lends one authority they hold (driving their
// car, managing a child's appointments) to another person for a bounded
// period. The grantee must accept; either party can end it. Every action
// taken under it is logged (delegation-log.ts) and readable by both.
import type { RegistryService } from '../registry/service.js';
import { notify } from '../notifications/notify.js';
import type { Localized } from '../../i18n/language.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { FamilyErrorCode } from './errors.js';
import type { DelegationDirection, DelegationKind, FamilyStore } from './store.js';
import type { DelegationRow } from './tables.js';
import { addYears, riyadhDate } from './dates.js';

export interface DelegationRequest {
  granteeIdNumber: string;
  kind: DelegationKind;
  /** A plate the grantor owns (VEHICLE_DRIVING) or the ID of a child the grantor is guardian of (DEPENDENT_APPOINTMENTS). */
  subject: string;
  validFrom: string;
  validUntil: string;
}

/** A party as the other party sees them: the name only once it is not a probe (see `partyView`). */
export interface DelegationPartyView {
  idNumber: string;
  name: Localized | null;
}

export type DelegationStatus = DelegationRow['status'] | 'EXPIRED';

type Result<T> = Outcome<T, FamilyErrorCode>;
const field = (name: string) => ['input', name];

const KIND_NAMES: Record<DelegationKind, Localized> = {
  VEHICLE_DRIVING: { ar: 'قيادة مركبة', en: 'driving a vehicle' },
  DEPENDENT_APPOINTMENTS: { ar: 'مواعيد تابع', en: "a dependent's appointments" },
};

export function createDelegations(store: FamilyStore, registry: RegistryService, now: () => Date) {
  const tell = (personIdNumber: string, kind: string, delegation: DelegationRow, title: Localized, body: Localized) => ({
    personIdNumber,
    kind,
    title,
    body,
    subjectId: toGlobalId('Delegation', delegation.id),
  });

  async function grantorHolds(grantorIdNumber: string, kind: DelegationKind, subject: string): Promise<boolean> {
    if (kind === 'VEHICLE_DRIVING') return (await registry.findVehicle(subject))?.ownerIdNumber === grantorIdNumber;
    return (await store.findLink(grantorIdNumber, subject))?.relationship === 'CHILD';
  }

  return {
    /** What a client sees: an open delegation past its last day, or one closed because it lapsed, reads EXPIRED. */
    statusOf(delegation: DelegationRow): DelegationStatus {
      const open = delegation.status === 'PENDING' || delegation.status === 'ACTIVE';
      if (open && delegation.validUntil < riyadhDate(now())) return 'EXPIRED';
      if (delegation.status === 'REVOKED' && delegation.revokedByIdNumber === null) return 'EXPIRED';
      return delegation.status;
    },

    /** The delegation if the person is one of its two parties; else undefined, as for an unknown ID. */
    async findFor(personIdNumber: string, id: number): Promise<DelegationRow | undefined> {
      const delegation = await store.findDelegation(id);
      return delegation && (delegation.grantorIdNumber === personIdNumber || delegation.granteeIdNumber === personIdNumber) ? delegation : undefined;
    },

    delegationsOf: (personIdNumber: string, direction: DelegationDirection | null, limit: number, beforeId: number | null) =>
      store.delegationsOf(personIdNumber, direction, limit, beforeId),
    countDelegationsOf: (personIdNumber: string, direction: DelegationDirection | null) => store.countDelegationsOf(personIdNumber, direction),
    actionsOf: (delegationId: number, limit: number, beforeId: number | null) => store.delegationActions(delegationId, limit, beforeId),
    countActionsOf: (delegationId: number) => store.countDelegationActions(delegationId),

    async authorize(grantorIdNumber: string, request: DelegationRequest): Promise<Result<DelegationRow>> {
      const at = now();
      const today = riyadhDate(at);
      const subject = request.subject.trim();
      if (request.granteeIdNumber === grantorIdNumber) return refuse('GRANTEE_IS_GRANTOR', field('granteeIdNumber'));
      if (!(await registry.findPerson(request.granteeIdNumber))) return refuse('PERSON_NOT_FOUND', field('granteeIdNumber'));
      const grantor = await registry.findPerson(grantorIdNumber);
      if (!grantor) throw new Error('a signed-in person is missing from the registry');
      if (!(await grantorHolds(grantorIdNumber, request.kind, subject))) {
        return refuse(request.kind === 'VEHICLE_DRIVING' ? 'VEHICLE_NOT_OWNED' : 'NOT_GUARDIAN_OF_SUBJECT', field('subject'));
      }
      if (request.kind === 'DEPENDENT_APPOINTMENTS' && subject === request.granteeIdNumber) return refuse('SUBJECT_IS_GRANTEE', field('subject'));
      // Starting more than a year ahead is as open-ended as lasting longer than one.
      if (request.validFrom < today || request.validUntil < request.validFrom || request.validFrom > addYears(today, 1)) {
        return refuse('INVALID_PERIOD', field('validFrom'));
      }
      if (request.validUntil > addYears(request.validFrom, 1)) return refuse('PERIOD_TOO_LONG', field('validUntil'));

      return store.atomically(async (tx): Promise<Result<DelegationRow>> => {
        const open = await tx.openDelegation(request.kind, grantorIdNumber, request.granteeIdNumber, subject);
        if (open && open.validUntil >= today) return refuse('DELEGATION_EXISTS');
        if (open) await tx.closeLapsedDelegation(open.id, at);
        const delegation = await tx.insertDelegation({
          kind: request.kind,
          grantorIdNumber,
          granteeIdNumber: request.granteeIdNumber,
          subject,
          validFrom: request.validFrom,
          validUntil: request.validUntil,
          status: 'PENDING',
          createdAt: at,
        });
        const what = KIND_NAMES[request.kind];
        await notify(
          tx.tx,
          tell(request.granteeIdNumber, 'DELEGATION_REQUESTED', delegation,
            { ar: 'طلب تفويض جديد', en: 'New authorization' },
            { ar: `فوضك ${grantor.nameAr} في ${what.ar} من ${request.validFrom} إلى ${request.validUntil}. اقبل التفويض أو ارفضه.`,
              en: `${grantor.nameEn} authorized you for ${what.en} from ${request.validFrom} to ${request.validUntil}. Accept or decline it.` }),
          at,
        );
        return succeed(delegation);
      });
    },

    async accept(granteeIdNumber: string, id: number): Promise<Result<DelegationRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<DelegationRow>> => {
        const delegation = await tx.delegation(id);
        if (!delegation || delegation.granteeIdNumber !== granteeIdNumber) return refuse('DELEGATION_NOT_FOUND', field('delegationId'));
        if (delegation.status !== 'PENDING') return refuse('DELEGATION_NOT_PENDING');
        if (delegation.validUntil < riyadhDate(at)) return refuse('DELEGATION_EXPIRED');
        await tx.updateDelegation(id, { status: 'ACTIVE', acceptedAt: at });
        await notify(
          tx.tx,
          tell(delegation.grantorIdNumber, 'DELEGATION_ACCEPTED', delegation,
            { ar: 'قُبل التفويض', en: 'Authorization accepted' },
            { ar: `قَبِل المفوَّض تفويض ${KIND_NAMES[delegation.kind].ar}.`, en: `Your authorization for ${KIND_NAMES[delegation.kind].en} was accepted.` }),
          at,
        );
        return succeed({ ...delegation, status: 'ACTIVE' as const, acceptedAt: at });
      });
    },

    async decline(granteeIdNumber: string, id: number): Promise<Result<DelegationRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<DelegationRow>> => {
        const delegation = await tx.delegation(id);
        if (!delegation || delegation.granteeIdNumber !== granteeIdNumber) return refuse('DELEGATION_NOT_FOUND', field('delegationId'));
        if (delegation.status !== 'PENDING') return refuse('DELEGATION_NOT_PENDING');
        await tx.updateDelegation(id, { status: 'DECLINED' });
        await notify(
          tx.tx,
          tell(delegation.grantorIdNumber, 'DELEGATION_DECLINED', delegation,
            { ar: 'رُفض التفويض', en: 'Authorization declined' },
            { ar: `رفض المفوَّض تفويض ${KIND_NAMES[delegation.kind].ar}.`, en: `Your authorization for ${KIND_NAMES[delegation.kind].en} was declined.` }),
          at,
        );
        return succeed({ ...delegation, status: 'DECLINED' as const });
      });
    },

    /** Either party may end a pending or active delegation at once. */
    async revoke(personIdNumber: string, id: number): Promise<Result<DelegationRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<DelegationRow>> => {
        const delegation = await tx.delegation(id);
        const isParty = delegation && (delegation.grantorIdNumber === personIdNumber || delegation.granteeIdNumber === personIdNumber);
        if (!delegation || !isParty) return refuse('DELEGATION_NOT_FOUND', field('delegationId'));
        if (delegation.status !== 'PENDING' && delegation.status !== 'ACTIVE') return refuse('DELEGATION_ALREADY_ENDED');
        await tx.updateDelegation(id, { status: 'REVOKED', revokedAt: at, revokedByIdNumber: personIdNumber });
        const other = delegation.grantorIdNumber === personIdNumber ? delegation.granteeIdNumber : delegation.grantorIdNumber;
        await notify(
          tx.tx,
          tell(other, 'DELEGATION_REVOKED', delegation,
            { ar: 'أُلغي التفويض', en: 'Authorization ended' },
            { ar: `أُلغي تفويض ${KIND_NAMES[delegation.kind].ar}.`, en: `The authorization for ${KIND_NAMES[delegation.kind].en} was ended.` }),
          at,
        );
        return succeed({ ...delegation, status: 'REVOKED' as const, revokedAt: at, revokedByIdNumber: personIdNumber });
      });
    },
  };
}
