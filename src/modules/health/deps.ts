// What every part of the health service is built over: its store, the
// registry and identity services, the family module's answer to "may this
// person act for that one", the data keys and the clock.
import type { AccountRow } from '../identity/tables.js';
import type { RegistryService } from '../registry/service.js';
import type { ActingAuthority } from '../family/authority.js';
import type { HealthKeyRing } from './data-keys.js';
import type { HealthStore } from './store.js';

export interface HealthDeps {
  store: HealthStore;
  registry: RegistryService;
  identity: { findAccount(id: number): Promise<AccountRow | undefined> };
  /** Who may book for whom: services.family.actingAuthority for DEPENDENT_APPOINTMENTS. */
  actingAuthority: (actorIdNumber: string, subjectIdNumber: string) => Promise<ActingAuthority | null>;
  keys: HealthKeyRing;
  now: () => Date;
}
