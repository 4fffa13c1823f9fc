import DataLoader from 'dataloader';
import type { IdentityService } from './service.js';
import type { AccountRow } from './tables.js';
import { byKeys } from '../../server/batch.js';

export function createIdentityLoaders(identity: IdentityService) {
  return {
    accountById: new DataLoader<number, AccountRow | null>(async (ids) =>
      byKeys(ids, await identity.findAccounts(ids), (row) => row.id),
    ),
  };
}
