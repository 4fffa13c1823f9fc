// The documents module's data access. After the registry import, this store is
// the only writer of registry_documents rows (a paid renewal moves a document's
// expiry), and the only code touching renewals and exit/re-entry visas.
// Reads go through the reader; writes run through `atomically`, one
// transaction in which the checks (unpaid violations, a pending renewal) and
// the writes they allow cannot interleave with another request's.
import { and, count, desc, eq, inArray, lt } from 'drizzle-orm';
import { first, transactionsOf, type Database, type InTransaction, type Queryable, type Tx } from '../../db/database.js';
import { registryDocuments, type RegistryDocumentRow } from '../registry/tables.js';
import { billOperations } from '../payments/bills-store.js';
import type { BillKind, BillRow } from '../payments/tables.js';
import { exitReentryVisas, renewals, visaExtensions, type ExitReentryVisaRow, type RenewalRow, type VisaExtensionRow } from './tables.js';
import type { UnpaidBills } from './status.js';

export type { VisaExtensionRow } from './tables.js';
type NewRenewal = typeof renewals.$inferInsert;
type NewVisa = typeof exitReentryVisas.$inferInsert;
type NewExtension = typeof visaExtensions.$inferInsert;

function txOperations(on: Queryable) {
  return {
    document: (id: number): Promise<RegistryDocumentRow | undefined> => first(on.select().from(registryDocuments).where(eq(registryDocuments.id, id))),
    documentsOfPerson: async (idNumber: string): Promise<RegistryDocumentRow[]> =>
      on.select().from(registryDocuments).where(eq(registryDocuments.personIdNumber, idNumber)).orderBy(registryDocuments.id),
    async renewDocument(id: number, issuedOn: string, expiresOn: string): Promise<void> {
      await on.update(registryDocuments).set({ issuedOn, expiresOn }).where(eq(registryDocuments.id, id));
    },
    renewal: (id: number): Promise<RenewalRow | undefined> => first(on.select().from(renewals).where(eq(renewals.id, id))),
    pendingRenewalOf: (documentId: number): Promise<RenewalRow | undefined> =>
      first(on.select().from(renewals).where(and(eq(renewals.documentId, documentId), eq(renewals.status, 'PENDING_PAYMENT')))),
    async insertRenewal(row: NewRenewal): Promise<RenewalRow> {
      const [inserted] = await on.insert(renewals).values(row).returning();
      return inserted!;
    },
    async updateRenewal(id: number, changes: Partial<NewRenewal>): Promise<RenewalRow> {
      const [updated] = await on.update(renewals).set(changes).where(eq(renewals.id, id)).returning();
      return updated!;
    },
    visa: (id: number): Promise<ExitReentryVisaRow | undefined> => first(on.select().from(exitReentryVisas).where(eq(exitReentryVisas.id, id))),
    visasOfPerson: async (idNumber: string): Promise<ExitReentryVisaRow[]> =>
      on.select().from(exitReentryVisas).where(eq(exitReentryVisas.personIdNumber, idNumber)),
    async insertVisa(row: NewVisa): Promise<ExitReentryVisaRow> {
      const [inserted] = await on.insert(exitReentryVisas).values(row).returning();
      return inserted!;
    },
    async updateVisa(id: number, changes: Partial<NewVisa>): Promise<ExitReentryVisaRow> {
      const [updated] = await on.update(exitReentryVisas).set(changes).where(eq(exitReentryVisas.id, id)).returning();
      return updated!;
    },
    extension: (id: number): Promise<VisaExtensionRow | undefined> => first(on.select().from(visaExtensions).where(eq(visaExtensions.id, id))),
    extensionsOf: async (visaId: number): Promise<VisaExtensionRow[]> => on.select().from(visaExtensions).where(eq(visaExtensions.visaId, visaId)),
    async insertExtension(row: NewExtension): Promise<VisaExtensionRow> {
      const [inserted] = await on.insert(visaExtensions).values(row).returning();
      return inserted!;
    },
    async updateExtension(id: number, changes: Partial<NewExtension>): Promise<VisaExtensionRow> {
      const [updated] = await on.update(visaExtensions).set(changes).where(eq(visaExtensions.id, id)).returning();
      return updated!;
    },
  };
}

export function createDocumentsStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  // Bills belong to the payments module; reading them through its operations
  // keeps this module off the bills table. Only these two reads are taken
  // from it outside a transaction (the `Tx` type guards its writes).
  const { byIds: billsByIds, unpaidTotal } = billOperations(read as Tx);
  return {
    /** Runs `work` in one transaction; it receives the documents operations and `.tx` for bills and notifications. */
    atomically: transactionsOf(db, txOperations),
    /** The operations on a transaction someone else opened (a payment's, for a bill-paid handler). */
    within: (tx: Tx): InTransaction<ReturnType<typeof txOperations>> => ({ ...txOperations(tx), tx }),

    async documentsOfPersons(idNumbers: readonly string[]): Promise<RegistryDocumentRow[]> {
      if (idNumbers.length === 0) return [];
      return read.select().from(registryDocuments).where(inArray(registryDocuments.personIdNumber, [...idNumbers])).orderBy(registryDocuments.id);
    },
    async documentsByIds(ids: readonly number[]): Promise<RegistryDocumentRow[]> {
      if (ids.length === 0) return [];
      return read.select().from(registryDocuments).where(inArray(registryDocuments.id, [...ids]));
    },
    document: reads.document,
    pendingRenewalOf: reads.pendingRenewalOf,
    async pendingRenewalsOf(documentIds: readonly number[]): Promise<RenewalRow[]> {
      if (documentIds.length === 0) return [];
      return read
        .select()
        .from(renewals)
        .where(and(inArray(renewals.documentId, [...documentIds]), eq(renewals.status, 'PENDING_PAYMENT')));
    },
    async renewalsByIds(ids: readonly number[]): Promise<RenewalRow[]> {
      if (ids.length === 0) return [];
      return read.select().from(renewals).where(inArray(renewals.id, [...ids]));
    },
    visa: reads.visa,
    /** A page of the person's visas, newest first (keyset on the row ID). */
    async visasOfPerson(idNumber: string, limit: number, beforeId: number | null): Promise<ExitReentryVisaRow[]> {
      const mine = eq(exitReentryVisas.personIdNumber, idNumber);
      return read
        .select()
        .from(exitReentryVisas)
        .where(beforeId === null ? mine : and(mine, lt(exitReentryVisas.id, beforeId)))
        .orderBy(desc(exitReentryVisas.id))
        .limit(limit);
    },
    async countVisasOfPerson(idNumber: string): Promise<number> {
      return (await first(read.select({ n: count() }).from(exitReentryVisas).where(eq(exitReentryVisas.personIdNumber, idNumber))))?.n ?? 0;
    },
    async extensionsOfVisas(visaIds: readonly number[]): Promise<VisaExtensionRow[]> {
      if (visaIds.length === 0) return [];
      return read.select().from(visaExtensions).where(inArray(visaExtensions.visaId, [...visaIds])).orderBy(visaExtensions.id);
    },
    billsByIds: (ids: readonly number[]): Promise<BillRow[]> => billsByIds(ids),
    unpaid: (idNumber: string, kinds: readonly BillKind[]): Promise<UnpaidBills> => unpaidTotal(idNumber, kinds),
  };
}

export type DocumentsStore = ReturnType<typeof createDocumentsStore>;
export type DocumentsTx = Parameters<Parameters<DocumentsStore['atomically']>[0]>[0];
