import DataLoader from 'dataloader';
import type { FamilyService } from './service.js';
import type { FamilyLinkRow } from './store.js';
import { groupedByKeys } from '../../server/batch.js';

export function createFamilyLoaders(family: FamilyService) {
  return {
    dependentsOfGuardian: new DataLoader<string, FamilyLinkRow[]>(async (guardianIdNumbers) =>
      groupedByKeys(guardianIdNumbers, await family.dependentsOfGuardians(guardianIdNumbers), (row) => row.guardianIdNumber),
    ),
  };
}
