// Builds the health service over its store, with its keys from configuration
// and the family module's answer to "may this person book for that one".
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { RegistryService } from '../registry/service.js';
import type { FamilyService } from '../family/service.js';
import type { AccountRow } from '../identity/tables.js';
import { loadHealthKeyRing } from './data-keys.js';
import { createHealthStore } from './store.js';
import { createHealthService } from './service.js';

export function createHealthModule(deps: {
  db: Database;
  config: Config;
  registry: RegistryService;
  identity: { findAccount(id: number): Promise<AccountRow | undefined> };
  family: Pick<FamilyService, 'actingAuthority'>;
  now: () => Date;
}) {
  const { config } = deps;
  return createHealthService({
    store: createHealthStore(deps.db),
    registry: deps.registry,
    identity: deps.identity,
    actingAuthority: (actor, subject) => deps.family.actingAuthority(actor, subject, 'DEPENDENT_APPOINTMENTS'),
    keys: loadHealthKeyRing({ configured: config.healthDataKeys, dataDir: config.dataDir, allowGenerate: !config.isProduction }),
    now: deps.now,
  });
}
