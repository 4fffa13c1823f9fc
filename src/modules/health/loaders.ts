import DataLoader from 'dataloader';
import type { HealthService, SlotView } from './service.js';
import type { HealthFacilityRow } from './tables.js';
import { byKeys } from '../../server/batch.js';

export function createHealthLoaders(health: HealthService) {
  return {
    facilityById: new DataLoader<number, HealthFacilityRow | null>(async (ids) => byKeys(ids, await health.facilitiesByIds(ids), (row) => row.id)),
    slotById: new DataLoader<number, SlotView | null>(async (ids) => byKeys(ids, await health.slotsByIds(ids), (row) => row.id)),
  };
}
