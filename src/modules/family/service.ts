// The family module's public face: what resolvers and other modules call.
import type { RegistryService } from '../registry/service.js';
import type { BillEvents } from '../payments/bill-events.js';
import type { FamilyStore } from './store.js';
import { createActingAuthority } from './authority.js';
import { createDependents } from './dependents.js';
import { createDependentFees } from './dependent-fees.js';
import { createDelegations } from './delegations.js';
import { createVisitVisas } from './visit-visas.js';
import { createSpouseRequests } from './spouse-requests.js';

export interface FamilyDeps {
  store: FamilyStore;
  registry: RegistryService;
  billEvents: BillEvents;
  /** The clock every rule reads ("within 30 days", "valid today"). */
  now?: () => Date;
}

export function createFamilyService(deps: FamilyDeps) {
  const now = deps.now ?? (() => new Date());
  const fees = createDependentFees(deps.store, now);
  const visitVisas = createVisitVisas(deps.store, now);
  deps.billEvents.onPaid('FAMILY_VISIT_VISA_FEE', visitVisas.onFeePaid);
  return {
    /** On what ground `actor` may act for `subject` (see authority.ts); null when there is none. */
    actingAuthority: createActingAuthority(deps.store, deps.registry, now),
    dependents: createDependents(deps.store, deps.registry, now),
    billDependentFees: fees.billDependentFees,
    spouseRequests: createSpouseRequests(deps.store, deps.registry, now),
    delegations: createDelegations(deps.store, deps.registry, now),
    visitVisas,
    dependentsOfGuardians: (guardianIdNumbers: readonly string[]) => deps.store.linksOfGuardians(guardianIdNumbers),
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;
