// A person's dependents: the registry's family links where they are the
// guardian, and the portal's changes to them (a newborn, a removal; a spouse
// joins through spouse-requests.ts).
import type { RegistryService } from '../registry/service.js';
import { billOperations } from '../payments/bills-store.js';
import type { BillRow } from '../payments/tables.js';
import { notify } from '../notifications/notify.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { FamilyErrorCode } from './errors.js';
import type { FamilyLinkRow, FamilyStore } from './store.js';
import { chargeDependentFee } from './dependent-fees.js';
import { ageInYears, daysBetween, riyadhDate, riyadhMonth } from './dates.js';

export const ADULT_AGE = 18;
/** Civil status law: a birth is registered within 30 days; later registration carries a fine. */
export const FEE_FREE_BIRTH_REGISTRATION_DAYS = 30;
export const LATE_BIRTH_REGISTRATION_FINE_HALALAS = 100_00;

export interface NewbornRegistration {
  dependent: FamilyLinkRow;
  lateRegistrationFine: BillRow | null;
}

type Result<T> = Outcome<T, FamilyErrorCode>;
const idField = ['input', 'idNumber'];

export function createDependents(store: FamilyStore, registry: RegistryService, now: () => Date) {
  async function adultGuardian(guardianIdNumber: string, today: string) {
    const guardian = await registry.findPerson(guardianIdNumber);
    return guardian && ageInYears(guardian.dateOfBirth, today) >= ADULT_AGE ? guardian : null;
  }

  return {
    dependentsOf: (guardianIdNumber: string) => store.linksOfGuardian(guardianIdNumber),

    /** The guardian's dependent by link ID; undefined for anyone else's (as for an unknown ID). */
    async findDependent(guardianIdNumber: string, linkId: number): Promise<FamilyLinkRow | undefined> {
      const link = await store.findLinkById(linkId);
      return link?.guardianIdNumber === guardianIdNumber ? link : undefined;
    },

    /**
     * Registers the caller as guardian of a newborn the registry already holds
     * (the hospital's birth notice creates the record). "Newborn" means under
     * one year old: older children join a family record at a civil status
     * office. Within 30 days of birth it is free; later, a fine is billed. The
     * child must not be anyone's dependent yet: the first parent to register
     * is the guardian, and a second claim is refused rather than silently
     * creating a second guardian. Only a parent the registry's birth record
     * names may register the child; to anyone else the child is answered as
     * an unknown ID, so a stranger cannot probe which newborns exist.
     */
    async registerNewborn(guardianIdNumber: string, childIdNumber: string): Promise<Result<NewbornRegistration>> {
      const at = now();
      const today = riyadhDate(at);
      if (childIdNumber === guardianIdNumber) return refuse('CANNOT_LINK_SELF', idField);
      const [child, parents] = await Promise.all([registry.findPerson(childIdNumber), registry.parentsOf(childIdNumber)]);
      if (!child || !parents.includes(guardianIdNumber)) return refuse('PERSON_NOT_FOUND', idField);
      const guardian = await adultGuardian(guardianIdNumber, today);
      if (!guardian) return refuse('GUARDIAN_NOT_ADULT');
      const daysOld = daysBetween(child.dateOfBirth, today);
      if (daysOld < 0 || ageInYears(child.dateOfBirth, today) >= 1) return refuse('NOT_A_NEWBORN', idField);

      return store.atomically(async (tx): Promise<Result<NewbornRegistration>> => {
        if ((await tx.linksOfDependent(childIdNumber)).length > 0) return refuse('ALREADY_A_DEPENDENT', idField);
        const dependent = await tx.insertLink({ guardianIdNumber, dependentIdNumber: childIdNumber, relationship: 'CHILD' });
        let lateRegistrationFine: BillRow | null = null;
        if (daysOld > FEE_FREE_BIRTH_REGISTRATION_DAYS) {
          const bills = billOperations(tx.tx);
          // One fine per birth: registering the same child again after a
          // removal does not fine twice, and another person's fine is not theirs to see.
          const earlier = await bills.bySubject('LATE_BIRTH_REGISTRATION_FINE', childIdNumber);
          lateRegistrationFine = earlier
            ? earlier.personIdNumber === guardianIdNumber
              ? earlier
              : null
            : await bills.create(
                {
                  personIdNumber: guardianIdNumber,
                  kind: 'LATE_BIRTH_REGISTRATION_FINE',
                  subjectId: childIdNumber,
                  amountHalalas: LATE_BIRTH_REGISTRATION_FINE_HALALAS,
                  description: { ar: 'غرامة تأخير تسجيل مولود', en: 'Late birth registration fine' },
                },
                at,
              );
        }
        await chargeDependentFee(tx, guardianIdNumber, childIdNumber, riyadhMonth(at), at);
        await notify(
          tx.tx,
          {
            personIdNumber: guardianIdNumber,
            kind: 'FAMILY_NEWBORN_REGISTERED',
            title: { ar: 'تم تسجيل المولود', en: 'Newborn registered' },
            body: {
              ar: `أضيف ${child.nameAr} إلى سجل أسرتك.${lateRegistrationFine ? ' صدرت غرامة تأخير التسجيل.' : ''}`,
              en: `${child.nameEn} was added to your family record.${lateRegistrationFine ? ' A late registration fine was issued.' : ''}`,
            },
          },
          at,
        );
        return succeed({ dependent, lateRegistrationFine });
      });
    },

    /**
     * Ends the link. Delegations the guardian gave about this dependent end
     * with it (a delegate's access cannot outlive the guardian's). Bills
     * already issued stay owed.
     */
    async removeDependent(guardianIdNumber: string, linkId: number): Promise<Result<FamilyLinkRow>> {
      const at = now();
      return store.atomically(async (tx): Promise<Result<FamilyLinkRow>> => {
        const link = await tx.linkById(linkId);
        if (!link || link.guardianIdNumber !== guardianIdNumber) return refuse('DEPENDENT_NOT_FOUND', ['input', 'dependentId']);
        await tx.deleteLink(link.guardianIdNumber, link.dependentIdNumber);
        await tx.revokeDelegationsAbout(guardianIdNumber, link.dependentIdNumber, at);
        await notify(
          tx.tx,
          {
            personIdNumber: guardianIdNumber,
            kind: 'FAMILY_DEPENDENT_REMOVED',
            title: { ar: 'تمت إزالة تابع', en: 'Dependent removed' },
            body: { ar: 'أزيل تابع من سجل أسرتك.', en: 'A dependent was removed from your family record.' },
          },
          at,
        );
        return succeed(link);
      });
    },
  };
}
