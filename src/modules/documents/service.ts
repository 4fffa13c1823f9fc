// The documents module's public face: documents and their status, renewals,
// exit/re-entry visas and document proofs.
import type { BillEvents } from '../payments/bill-events.js';
import type { RegistryDocumentRow } from '../registry/tables.js';
import type { DocumentsDeps, Holder } from './deps.js';
import { createRenewals } from './renewals.js';
import { createVisas } from './visas.js';
import { createProofs } from './proofs.js';
import { riyadhToday } from './calendar.js';

export type { Holder } from './deps.js';

export function createDocumentsService(deps: DocumentsDeps & { billEvents: BillEvents }) {
  const renewals = createRenewals(deps);
  const visas = createVisas(deps);
  // Paying these bills is what completes a renewal or issues a visa.
  deps.billEvents.onPaid('DOCUMENT_RENEWAL', renewals.onFeePaid);
  deps.billEvents.onPaid('VISA_FEE', visas.onFeePaid);
  const { store } = deps;
  return {
    renewals,
    visas,
    proofs: createProofs(deps),
    /** "Today" in Riyadh by the platform's clock: statuses are computed against it. */
    today: () => riyadhToday(deps.now()),
    documentsOfPersons: (idNumbers: readonly string[]) => store.documentsOfPersons(idNumbers),
    documentsByIds: (ids: readonly number[]) => store.documentsByIds(ids),
    /** The holder's own document, or null (someone else's answers like an unknown ID). */
    async documentOf(holder: Pick<Holder, 'idNumber'>, documentId: number): Promise<RegistryDocumentRow | null> {
      const document = await store.document(documentId);
      return document && document.personIdNumber === holder.idNumber ? document : null;
    },
    pendingRenewalsOf: (documentIds: readonly number[]) => store.pendingRenewalsOf(documentIds),
    renewalsByIds: (ids: readonly number[]) => store.renewalsByIds(ids),
    billsByIds: (ids: readonly number[]) => store.billsByIds(ids),
    async visaOf(holder: Pick<Holder, 'idNumber'>, visaId: number) {
      const visa = await store.visa(visaId);
      return visa && visa.personIdNumber === holder.idNumber ? visa : null;
    },
    visasOfPerson: (idNumber: string, limit: number, beforeId: number | null) => store.visasOfPerson(idNumber, limit, beforeId),
    countVisasOfPerson: (idNumber: string) => store.countVisasOfPerson(idNumber),
    extensionsOfVisas: (visaIds: readonly number[]) => store.extensionsOfVisas(visaIds),
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
