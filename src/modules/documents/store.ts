// The documents module's data access. After the registry import, this store is
// the only writer of registry_documents rows (a paid renewal moves a document's
// expiry), and the only code touching renewals and exit/re-entry visas.
// Reads are async; writes run through `atomically`, whose callback is
// synchronous inside one immediate transaction, so the checks (unpaid
// violations, a pending renewal) and the writes they allow cannot interleave
// with another request.
import { and, count, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import { registryDocuments, type RegistryDocumentRow } from '../registry/tables.js';
import { billOperations } from '../payments/bills-store.js';
import type { BillRow } from '../payments/tables.js';
import { exitReentryVisas, renewals, visaExtensions, type ExitReentryVisaRow, type RenewalRow, type VisaExtensionRow } from './tables.js';

export type { VisaExtensionRow } from './tables.js';
type NewRenewal = typeof renewals.$inferInsert;
type NewVisa = typeof exitReentryVisas.$inferInsert;
type NewExtension = typeof visaExtensions.$inferInsert;

export function documentsTx(tx: Transaction | Db) {
  return {
    bills: billOperations(tx),
    document: (id: number): RegistryDocumentRow | undefined => tx.select().from(registryDocuments).where(eq(registryDocuments.id, id)).get(),
    documentsOfPerson: (idNumber: string): RegistryDocumentRow[] =>
      tx.select().from(registryDocuments).where(eq(registryDocuments.personIdNumber, idNumber)).orderBy(registryDocuments.id).all(),
    renewDocument: (id: number, issuedOn: string, expiresOn: string) => {
      tx.update(registryDocuments).set({ issuedOn, expiresOn }).where(eq(registryDocuments.id, id)).run();
    },
    renewal: (id: number): RenewalRow | undefined => tx.select().from(renewals).where(eq(renewals.id, id)).get(),
    pendingRenewalOf: (documentId: number): RenewalRow | undefined =>
      tx.select().from(renewals).where(and(eq(renewals.documentId, documentId), eq(renewals.status, 'PENDING_PAYMENT'))).get(),
    insertRenewal: (row: NewRenewal): RenewalRow => tx.insert(renewals).values(row).returning().get(),
    updateRenewal: (id: number, changes: Partial<NewRenewal>): RenewalRow =>
      tx.update(renewals).set(changes).where(eq(renewals.id, id)).returning().get()!,
    visa: (id: number): ExitReentryVisaRow | undefined => tx.select().from(exitReentryVisas).where(eq(exitReentryVisas.id, id)).get(),
    visasOfPerson: (idNumber: string): ExitReentryVisaRow[] =>
      tx.select().from(exitReentryVisas).where(eq(exitReentryVisas.personIdNumber, idNumber)).all(),
    insertVisa: (row: NewVisa): ExitReentryVisaRow => tx.insert(exitReentryVisas).values(row).returning().get(),
    updateVisa: (id: number, changes: Partial<NewVisa>): ExitReentryVisaRow =>
      tx.update(exitReentryVisas).set(changes).where(eq(exitReentryVisas.id, id)).returning().get()!,
    extension: (id: number): VisaExtensionRow | undefined => tx.select().from(visaExtensions).where(eq(visaExtensions.id, id)).get(),
    extensionsOf: (visaId: number): VisaExtensionRow[] => tx.select().from(visaExtensions).where(eq(visaExtensions.visaId, visaId)).all(),
    insertExtension: (row: NewExtension): VisaExtensionRow => tx.insert(visaExtensions).values(row).returning().get(),
    updateExtension: (id: number, changes: Partial<NewExtension>): VisaExtensionRow =>
      tx.update(visaExtensions).set(changes).where(eq(visaExtensions.id, id)).returning().get()!,
  };
}

export type DocumentsTx = ReturnType<typeof documentsTx>;

export function createDocumentsStore(db: Db) {
  const reads = documentsTx(db);
  return {
    atomically: async <T>(work: (tx: DocumentsTx) => T): Promise<T> => writeTransaction(db, (tx) => work(documentsTx(tx))),
    /** The synchronous operations on a transaction someone else opened (a payment's). */
    within: (tx: Transaction | Db) => documentsTx(tx),
    /** Several reads answered together (no write, so no transaction needed). */
    async read<T>(work: (ops: DocumentsTx) => T): Promise<T> {
      return work(reads);
    },
    async documentsOfPersons(idNumbers: readonly string[]): Promise<RegistryDocumentRow[]> {
      if (idNumbers.length === 0) return [];
      return db.select().from(registryDocuments).where(inArray(registryDocuments.personIdNumber, [...idNumbers])).orderBy(registryDocuments.id).all();
    },
    async documentsByIds(ids: readonly number[]): Promise<RegistryDocumentRow[]> {
      if (ids.length === 0) return [];
      return db.select().from(registryDocuments).where(inArray(registryDocuments.id, [...ids])).all();
    },
    async document(id: number) {
      return reads.document(id);
    },
    async pendingRenewalsOf(documentIds: readonly number[]): Promise<RenewalRow[]> {
      if (documentIds.length === 0) return [];
      return db
        .select()
        .from(renewals)
        .where(and(inArray(renewals.documentId, [...documentIds]), eq(renewals.status, 'PENDING_PAYMENT')))
        .all();
    },
    async renewalsByIds(ids: readonly number[]): Promise<RenewalRow[]> {
      if (ids.length === 0) return [];
      return db.select().from(renewals).where(inArray(renewals.id, [...ids])).all();
    },
    async visa(id: number) {
      return reads.visa(id);
    },
    /** A page of the person's visas, newest first (keyset on the row ID). */
    async visasOfPerson(idNumber: string, limit: number, beforeId: number | null): Promise<ExitReentryVisaRow[]> {
      const mine = eq(exitReentryVisas.personIdNumber, idNumber);
      return db
        .select()
        .from(exitReentryVisas)
        .where(beforeId === null ? mine : and(mine, lt(exitReentryVisas.id, beforeId)))
        .orderBy(desc(exitReentryVisas.id))
        .limit(limit)
        .all();
    },
    async countVisasOfPerson(idNumber: string): Promise<number> {
      return db.select({ n: count() }).from(exitReentryVisas).where(eq(exitReentryVisas.personIdNumber, idNumber)).get()?.n ?? 0;
    },
    async extensionsOfVisas(visaIds: readonly number[]): Promise<VisaExtensionRow[]> {
      if (visaIds.length === 0) return [];
      return db.select().from(visaExtensions).where(inArray(visaExtensions.visaId, [...visaIds])).orderBy(visaExtensions.id).all();
    },
    // Bills belong to the payments module; reading them through its
    // operations keeps this module off the bills table.
    async billsByIds(ids: readonly number[]): Promise<BillRow[]> {
      return reads.bills.byIds(ids);
    },
    async unpaid(idNumber: string, kinds: Parameters<typeof reads.bills.unpaidTotal>[1]) {
      return reads.bills.unpaidTotal(idNumber, kinds);
    },
  };
}

export type DocumentsStore = ReturnType<typeof createDocumentsStore>;
