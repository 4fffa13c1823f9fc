import DataLoader from 'dataloader';
import { byKeys, groupedByKeys } from '../../server/batch.js';
import type { RegistryDocumentRow } from '../registry/tables.js';
import type { BillRow } from '../payments/tables.js';
import type { DocumentsService } from './service.js';
import type { RenewalRow, VisaExtensionRow } from './tables.js';

export function createDocumentsLoaders(documents: DocumentsService) {
  return {
    documentsByPerson: new DataLoader<string, RegistryDocumentRow[]>(async (idNumbers) =>
      groupedByKeys(idNumbers, await documents.documentsOfPersons(idNumbers), (row) => row.personIdNumber),
    ),
    documentById: new DataLoader<number, RegistryDocumentRow | null>(async (ids) => byKeys(ids, await documents.documentsByIds(ids), (row) => row.id)),
    pendingRenewalByDocument: new DataLoader<number, RenewalRow | null>(async (ids) =>
      byKeys(ids, await documents.pendingRenewalsOf(ids), (row) => row.documentId),
    ),
    renewalById: new DataLoader<number, RenewalRow | null>(async (ids) => byKeys(ids, await documents.renewalsByIds(ids), (row) => row.id)),
    billById: new DataLoader<number, BillRow | null>(async (ids) => byKeys(ids, await documents.billsByIds(ids), (row) => row.id)),
    extensionsByVisa: new DataLoader<number, VisaExtensionRow[]>(async (ids) =>
      groupedByKeys(ids, await documents.extensionsOfVisas(ids), (row) => row.visaId),
    ),
  };
}
