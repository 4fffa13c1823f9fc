// Who may act for whom. Another module (health booking a dependent's
// appointment, traffic letting someone drive a car) asks here before acting
// for a person other than the caller; the answer says on what ground.
import type { RegistryService } from '../registry/service.js';
import type { FamilyStore } from './store.js';
import { riyadhDate } from './dates.js';

export type AuthorityPurpose = 'DEPENDENT_APPOINTMENTS' | 'VEHICLE_DRIVING';

export interface ActingAuthority {
  kind: 'SELF' | 'GUARDIAN' | 'DELEGATION';
  /** The delegation to log the action under (`recordDelegatedAction`), when kind is DELEGATION. */
  delegationId: number | null;
}

/**
 * `subjectIdNumber` is the person acted for: the dependent's ID for
 * DEPENDENT_APPOINTMENTS. For VEHICLE_DRIVING it is the vehicle's plate (the
 * delegation's subject); the actor's own ID, or a plate the actor owns, is SELF.
 * Null when the actor has no ground to act: the caller refuses as it would
 * for an unknown person.
 */
export function createActingAuthority(store: FamilyStore, registry: RegistryService, now: () => Date) {
  const vehicleOwner = async (plate: string) => (await registry.findVehicle(plate))?.ownerIdNumber;
  return async function actingAuthority(actorIdNumber: string, subjectIdNumber: string, purpose: AuthorityPurpose): Promise<ActingAuthority | null> {
    if (actorIdNumber === subjectIdNumber) return { kind: 'SELF', delegationId: null };
    const today = riyadhDate(now());

    if (purpose === 'VEHICLE_DRIVING') {
      if ((await vehicleOwner(subjectIdNumber)) === actorIdNumber) return { kind: 'SELF', delegationId: null };
      const delegation = await store.activeDelegationCovering('VEHICLE_DRIVING', actorIdNumber, subjectIdNumber, today);
      // The grantor must still own the car: a sold car's delegations lapse.
      if (delegation && (await vehicleOwner(subjectIdNumber)) === delegation.grantorIdNumber) {
        return { kind: 'DELEGATION', delegationId: delegation.id };
      }
      return null;
    }

    const link = await store.findLink(actorIdNumber, subjectIdNumber);
    if (link?.relationship === 'CHILD') return { kind: 'GUARDIAN', delegationId: null };
    const delegation = await store.activeDelegationCovering('DEPENDENT_APPOINTMENTS', actorIdNumber, subjectIdNumber, today);
    // A guardian can only lend the authority they still hold.
    if (delegation && (await store.findLink(delegation.grantorIdNumber, subjectIdNumber))?.relationship === 'CHILD') {
      return { kind: 'DELEGATION', delegationId: delegation.id };
    }
    return null;
  };
}
