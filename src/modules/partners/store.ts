// Partner clients and consents: the only code touching their tables.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction } from '../../db/transaction.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { partnerConsents, partners, type PartnerConsentRow, type PartnerRow } from './tables.js';

export function createPartnersStore(db: Db) {
  const partnerById = db.select().from(partners).where(eq(partners.clientId, sql.placeholder('clientId'))).prepare();
  const activeConsent = db
    .select()
    .from(partnerConsents)
    .where(
      and(
        eq(partnerConsents.personIdNumber, sql.placeholder('idNumber')),
        eq(partnerConsents.partnerClientId, sql.placeholder('clientId')),
        eq(partnerConsents.purpose, sql.placeholder('purpose')),
        isNull(partnerConsents.revokedAt),
      ),
    )
    .prepare();

  return {
    async findPartner(clientId: string): Promise<PartnerRow | undefined> {
      return partnerById.get({ clientId });
    },
    async insertPartner(row: PartnerRow): Promise<void> {
      db.insert(partners).values(row).run();
    },
    async updatePartner(clientId: string, changes: Partial<PartnerRow>): Promise<boolean> {
      return db.update(partners).set(changes).where(eq(partners.clientId, clientId)).run().changes === 1;
    },
    async activeConsent(idNumber: string, clientId: string, purpose: string): Promise<PartnerConsentRow | undefined> {
      return activeConsent.get({ idNumber, clientId, purpose });
    },
    async consentsOf(idNumber: string): Promise<PartnerConsentRow[]> {
      return db.select().from(partnerConsents).where(eq(partnerConsents.personIdNumber, idNumber)).orderBy(desc(partnerConsents.id)).all();
    },
    async grantConsent(row: Omit<PartnerConsentRow, 'id' | 'revokedAt'>): Promise<PartnerConsentRow> {
      return writeTransaction(db, (tx) => {
        const existing = tx
          .select()
          .from(partnerConsents)
          .where(and(eq(partnerConsents.personIdNumber, row.personIdNumber), eq(partnerConsents.partnerClientId, row.partnerClientId), eq(partnerConsents.purpose, row.purpose), isNull(partnerConsents.revokedAt)))
          .get();
        return existing ?? tx.insert(partnerConsents).values(row).returning().get();
      });
    },
    async revokeConsent(id: number, idNumber: string, at: Date): Promise<PartnerConsentRow | undefined> {
      return db
        .update(partnerConsents)
        .set({ revokedAt: at })
        .where(and(eq(partnerConsents.id, id), eq(partnerConsents.personIdNumber, idNumber), isNull(partnerConsents.revokedAt)))
        .returning()
        .get();
    },
    async recordAccess(entry: NewAccessLogEntry): Promise<void> {
      recordAccess(db, entry);
    },
  };
}

export type PartnersStore = ReturnType<typeof createPartnersStore>;
