import DataLoader from 'dataloader';
import type { RegistryService } from './service.js';
import type { RegistryPersonRow } from './tables.js';
import { byKeys } from '../../server/batch.js';

export function createRegistryLoaders(registry: RegistryService) {
  return {
    personByIdNumber: new DataLoader<string, RegistryPersonRow | null>(async (idNumbers) =>
      byKeys(idNumbers, await registry.findPersons(idNumbers), (row) => row.idNumber),
    ),
  };
}
