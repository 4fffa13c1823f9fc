import DataLoader from 'dataloader';
import type { ViolationsService } from './service.js';
import type { TrafficViolationRow } from '../registry/tables.js';
import type { ObjectionRow } from './tables.js';
import { byKeys } from '../../server/batch.js';

export function createViolationsLoaders(violations: ViolationsService) {
  return {
    violationById: new DataLoader<number, TrafficViolationRow | null>(async (ids) =>
      byKeys(ids, await violations.findViolations(ids), (row) => row.id),
    ),
    objectionById: new DataLoader<number, ObjectionRow | null>(async (ids) => byKeys(ids, await violations.findObjections(ids), (row) => row.id)),
    pendingObjectionOfViolation: new DataLoader<number, ObjectionRow | null>(async (ids) =>
      byKeys(ids, await violations.pendingObjectionsOf(ids), (row) => row.violationId),
    ),
  };
}
