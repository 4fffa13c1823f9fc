import DataLoader from 'dataloader';
import { byKeys } from '../../server/batch.js';
import type { EducationService } from './service.js';
import type { EducationRecordRow } from './tables.js';

export function createEducationLoaders(education: EducationService) {
  return {
    recordById: new DataLoader<number, EducationRecordRow | null>(async (ids) =>
      byKeys(ids, await education.findRecords(ids), (row) => row.id),
    ),
  };
}
