// Partner clients and consents: the only code touching their tables.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { first, prepared, rowsChanged, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import { violatedUniqueIndex } from '../../db/errors.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import { partnerConsents, partners, type PartnerConsentRow, type PartnerRow } from './tables.js';

type NewConsent = Omit<PartnerConsentRow, 'id' | 'revokedAt'>;

function txOperations(on: Queryable) {
  return {
    async insertPartner(row: PartnerRow): Promise<void> {
      await on.insert(partners).values(row);
    },
    async updatePartner(clientId: string, changes: Partial<PartnerRow>): Promise<boolean> {
      return rowsChanged(await on.update(partners).set(changes).where(eq(partners.clientId, clientId))) === 1;
    },
    activeConsent: (idNumber: string, clientId: string, purpose: string): Promise<PartnerConsentRow | undefined> =>
      first(
        on
          .select()
          .from(partnerConsents)
          .where(and(eq(partnerConsents.personIdNumber, idNumber), eq(partnerConsents.partnerClientId, clientId), eq(partnerConsents.purpose, purpose), isNull(partnerConsents.revokedAt))),
      ),
    async insertConsent(row: NewConsent): Promise<PartnerConsentRow> {
      const [inserted] = await on.insert(partnerConsents).values(row).returning();
      return inserted!;
    },
    async revokeConsent(id: number, idNumber: string, at: Date): Promise<PartnerConsentRow | undefined> {
      const [revoked] = await on
        .update(partnerConsents)
        .set({ revokedAt: at })
        .where(and(eq(partnerConsents.id, id), eq(partnerConsents.personIdNumber, idNumber), isNull(partnerConsents.revokedAt)))
        .returning();
      return revoked;
    },
  };
}

export function createPartnersStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  // Read on every partner request: prepared once.
  const partnerById = prepared<PartnerRow>(read.select().from(partners).where(eq(partners.clientId, sql.placeholder('clientId'))), 'partners_partner_by_id');
  const activeConsent = prepared<PartnerConsentRow>(
    read
      .select()
      .from(partnerConsents)
      .where(
        and(
          eq(partnerConsents.personIdNumber, sql.placeholder('idNumber')),
          eq(partnerConsents.partnerClientId, sql.placeholder('clientId')),
          eq(partnerConsents.purpose, sql.placeholder('purpose')),
          isNull(partnerConsents.revokedAt),
        ),
      ),
    'partners_active_consent',
  );
  const atomically = transactionsOf(db, txOperations);

  return {
    atomically,

    async findPartner(clientId: string): Promise<PartnerRow | undefined> {
      return (await partnerById({ clientId }))[0];
    },
    async insertPartner(row: PartnerRow): Promise<void> {
      await atomically((tx) => tx.insertPartner(row));
    },
    async updatePartner(clientId: string, changes: Partial<PartnerRow>): Promise<boolean> {
      return atomically((tx) => tx.updatePartner(clientId, changes));
    },
    async activeConsent(idNumber: string, clientId: string, purpose: string): Promise<PartnerConsentRow | undefined> {
      return (await activeConsent({ idNumber, clientId, purpose }))[0];
    },
    async consentsOf(idNumber: string): Promise<PartnerConsentRow[]> {
      return read.select().from(partnerConsents).where(eq(partnerConsents.personIdNumber, idNumber)).orderBy(desc(partnerConsents.id));
    },
    /** The person's active consent for this partner and purpose: the one already given, or a new one. */
    async grantConsent(row: NewConsent): Promise<PartnerConsentRow> {
      try {
        return await atomically(async (tx) => (await tx.activeConsent(row.personIdNumber, row.partnerClientId, row.purpose)) ?? tx.insertConsent(row));
      } catch (error) {
        // Another instance granted the same consent between our check and
        // our insert (the unique index holds one active consent): theirs is ours.
        if (violatedUniqueIndex(error) !== 'partner_consents_one_active') throw error;
        const granted = await reads.activeConsent(row.personIdNumber, row.partnerClientId, row.purpose);
        if (!granted) throw error;
        return granted;
      }
    },
    async revokeConsent(id: number, idNumber: string, at: Date): Promise<PartnerConsentRow | undefined> {
      return atomically((tx) => tx.revokeConsent(id, idNumber, at));
    },
    async recordAccess(entry: NewAccessLogEntry): Promise<void> {
      await db.atomically((tx) => recordAccess(tx, entry));
    },
  };
}

export type PartnersStore = ReturnType<typeof createPartnersStore>;
export type PartnersTx = Parameters<Parameters<PartnersStore['atomically']>[0]>[0];
