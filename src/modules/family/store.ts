// The family module's data access: the only code that touches its tables.
// After the registry import, this store is also the only writer of
// registry_family_links: a link made or ended on the portal (a newborn, a
// spouse, a removed dependent) is a change to the family record itself, and
// the other modules read it through the family service.
import { and, count, desc, eq, gt, gte, inArray, lt, lte, max, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import { familyLinks } from '../registry/tables.js';
import { delegationActions, delegations, dependentFees, familyVisitVisas, spouseRequests, type DelegationRow, type FamilyVisitVisaRow, type SpouseRequestRow } from './tables.js';

type LinkColumns = typeof familyLinks.$inferSelect;
/** A family link with the row's SQLite rowid as its ID (the table's key is the ID-number pair, which must not leak into global IDs). */
export type FamilyLinkRow = LinkColumns & { id: number };
export type Relationship = LinkColumns['relationship'];
export type DelegationKind = DelegationRow['kind'];
export type DelegationActionRow = typeof delegationActions.$inferSelect;
export type DependentFeeRow = typeof dependentFees.$inferSelect;
type NewDelegation = typeof delegations.$inferInsert;
type NewVisa = typeof familyVisitVisas.$inferInsert;

export type DelegationDirection = 'GIVEN' | 'RECEIVED';
export type SpouseRequestDirection = 'SENT' | 'RECEIVED';
type NewSpouseRequest = typeof spouseRequests.$inferInsert;

/** The statuses under which a delegation still binds (the unique index agrees). */
const OPEN_STATUSES = ['PENDING', 'ACTIVE'] as const;

const linkColumns = {
  id: sql<number>`rowid`.as('id'),
  guardianIdNumber: familyLinks.guardianIdNumber,
  dependentIdNumber: familyLinks.dependentIdNumber,
  relationship: familyLinks.relationship,
};

export function familyTxOperations(tx: Transaction | Db) {
  return {
    link: (guardianIdNumber: string, dependentIdNumber: string): FamilyLinkRow | undefined =>
      tx
        .select(linkColumns)
        .from(familyLinks)
        .where(and(eq(familyLinks.guardianIdNumber, guardianIdNumber), eq(familyLinks.dependentIdNumber, dependentIdNumber)))
        .get(),
    linkById: (id: number): FamilyLinkRow | undefined => tx.select(linkColumns).from(familyLinks).where(sql`rowid = ${id}`).get(),
    linksOfDependent: (dependentIdNumber: string): FamilyLinkRow[] =>
      tx.select(linkColumns).from(familyLinks).where(eq(familyLinks.dependentIdNumber, dependentIdNumber)).all(),
    linksOfGuardian: (guardianIdNumber: string): FamilyLinkRow[] =>
      tx.select(linkColumns).from(familyLinks).where(eq(familyLinks.guardianIdNumber, guardianIdNumber)).orderBy(sql`rowid`).all(),
    insertLink: (row: LinkColumns): FamilyLinkRow => {
      const { id } = tx.insert(familyLinks).values(row).returning({ id: sql<number>`rowid` }).get();
      return { ...row, id };
    },
    deleteLink: (guardianIdNumber: string, dependentIdNumber: string) => {
      tx.delete(familyLinks)
        .where(and(eq(familyLinks.guardianIdNumber, guardianIdNumber), eq(familyLinks.dependentIdNumber, dependentIdNumber)))
        .run();
    },
    dependentFee: (guardianIdNumber: string, dependentIdNumber: string, month: string): DependentFeeRow | undefined =>
      tx
        .select()
        .from(dependentFees)
        .where(
          and(eq(dependentFees.guardianIdNumber, guardianIdNumber), eq(dependentFees.dependentIdNumber, dependentIdNumber), eq(dependentFees.month, month)),
        )
        .get(),
    insertDependentFee: (row: Omit<DependentFeeRow, 'id'>) => {
      tx.insert(dependentFees).values(row).run();
    },
    delegation: (id: number): DelegationRow | undefined => tx.select().from(delegations).where(eq(delegations.id, id)).get(),
    openDelegation: (kind: DelegationKind, grantorIdNumber: string, granteeIdNumber: string, subject: string): DelegationRow | undefined =>
      tx
        .select()
        .from(delegations)
        .where(
          and(
            eq(delegations.kind, kind),
            eq(delegations.grantorIdNumber, grantorIdNumber),
            eq(delegations.granteeIdNumber, granteeIdNumber),
            eq(delegations.subject, subject),
            inArray(delegations.status, [...OPEN_STATUSES]),
          ),
        )
        .get(),
    /** Closes an open delegation whose last day has passed: revoked by nobody, i.e. lapsed (read as EXPIRED). */
    closeLapsedDelegation: (id: number, at: Date) => {
      tx.update(delegations).set({ status: 'REVOKED', revokedAt: at, revokedByIdNumber: null }).where(eq(delegations.id, id)).run();
    },
    insertDelegation: (row: NewDelegation): DelegationRow => tx.insert(delegations).values(row).returning().get(),
    updateDelegation: (id: number, changes: Partial<NewDelegation>) => {
      tx.update(delegations).set(changes).where(eq(delegations.id, id)).run();
    },
    /** Ends every open delegation about a dependent the grantor is no longer guardian of. */
    revokeDelegationsAbout: (grantorIdNumber: string, subject: string, at: Date) => {
      tx.update(delegations)
        .set({ status: 'REVOKED', revokedAt: at, revokedByIdNumber: grantorIdNumber })
        .where(
          and(
            eq(delegations.kind, 'DEPENDENT_APPOINTMENTS'),
            eq(delegations.grantorIdNumber, grantorIdNumber),
            eq(delegations.subject, subject),
            inArray(delegations.status, [...OPEN_STATUSES]),
          ),
        )
        .run();
    },
    insertDelegationAction: (row: Omit<DelegationActionRow, 'id'>): DelegationActionRow => tx.insert(delegationActions).values(row).returning().get(),
    spouseRequest: (id: number): SpouseRequestRow | undefined => tx.select().from(spouseRequests).where(eq(spouseRequests.id, id)).get(),
    /** Pending requests between the two people, whichever of them asked. */
    pendingSpouseRequestsBetween: (a: string, b: string): SpouseRequestRow[] =>
      tx
        .select()
        .from(spouseRequests)
        .where(
          and(
            eq(spouseRequests.status, 'PENDING'),
            or(
              and(eq(spouseRequests.requesterIdNumber, a), eq(spouseRequests.inviteeIdNumber, b)),
              and(eq(spouseRequests.requesterIdNumber, b), eq(spouseRequests.inviteeIdNumber, a)),
            ),
          ),
        )
        .all(),
    /** How many spouse requests this person has sent after `since`, whatever became of them. */
    spouseRequestsSentSince: (requesterIdNumber: string, since: Date): number =>
      tx
        .select({ n: count() })
        .from(spouseRequests)
        .where(and(eq(spouseRequests.requesterIdNumber, requesterIdNumber), gt(spouseRequests.createdAt, since)))
        .get()?.n ?? 0,
    /** When the invitee last declined a request from this requester, if ever. */
    lastDeclinedAt: (requesterIdNumber: string, inviteeIdNumber: string): Date | null =>
      tx
        .select({ at: max(spouseRequests.answeredAt) })
        .from(spouseRequests)
        .where(
          and(
            eq(spouseRequests.requesterIdNumber, requesterIdNumber),
            eq(spouseRequests.inviteeIdNumber, inviteeIdNumber),
            eq(spouseRequests.status, 'DECLINED'),
          ),
        )
        .get()?.at ?? null,
    insertSpouseRequest: (row: NewSpouseRequest): SpouseRequestRow => tx.insert(spouseRequests).values(row).returning().get(),
    updateSpouseRequest: (id: number, changes: Partial<NewSpouseRequest>) => {
      tx.update(spouseRequests).set(changes).where(eq(spouseRequests.id, id)).run();
    },
    visa: (id: number): FamilyVisitVisaRow | undefined => tx.select().from(familyVisitVisas).where(eq(familyVisitVisas.id, id)).get(),
    /** An application of this applicant for this passport still in process (not yet rejected or issued). */
    openVisaFor: (applicantIdNumber: string, passportNumber: string): FamilyVisitVisaRow | undefined =>
      tx
        .select()
        .from(familyVisitVisas)
        .where(
          and(
            eq(familyVisitVisas.applicantIdNumber, applicantIdNumber),
            eq(familyVisitVisas.visitorPassportNumber, passportNumber),
            inArray(familyVisitVisas.status, ['SUBMITTED', 'APPROVED']),
          ),
        )
        .get(),
    insertVisa: (row: NewVisa): FamilyVisitVisaRow => tx.insert(familyVisitVisas).values(row).returning().get(),
    updateVisa: (id: number, changes: Partial<NewVisa>) => {
      tx.update(familyVisitVisas).set(changes).where(eq(familyVisitVisas.id, id)).run();
    },
  };
}

export type FamilyTx = ReturnType<typeof familyTxOperations>;

export function createFamilyStore(db: Db) {
  const reads = familyTxOperations(db);
  const partyOf = (idNumber: string, direction: DelegationDirection | null) =>
    direction === 'GIVEN'
      ? eq(delegations.grantorIdNumber, idNumber)
      : direction === 'RECEIVED'
        ? eq(delegations.granteeIdNumber, idNumber)
        : or(eq(delegations.grantorIdNumber, idNumber), eq(delegations.granteeIdNumber, idNumber));

  return {
    /** Runs `work` synchronously inside one immediate write transaction. */
    async atomically<T>(work: (tx: FamilyTx, raw: Transaction) => T): Promise<T> {
      return writeTransaction(db, (tx) => work(familyTxOperations(tx), tx));
    },
    async findLink(guardianIdNumber: string, dependentIdNumber: string) {
      return reads.link(guardianIdNumber, dependentIdNumber);
    },
    async linksOfGuardian(guardianIdNumber: string) {
      return reads.linksOfGuardian(guardianIdNumber);
    },
    async findLinkById(id: number) {
      return reads.linkById(id);
    },
    async linksOfGuardians(guardianIdNumbers: readonly string[]): Promise<FamilyLinkRow[]> {
      if (!guardianIdNumbers.length) return [];
      return db.select(linkColumns).from(familyLinks).where(inArray(familyLinks.guardianIdNumber, [...guardianIdNumbers])).orderBy(sql`rowid`).all();
    },
    /** Every dependent of a resident guardian (Iqama numbers start with 2). */
    async linksOfResidentGuardians(): Promise<FamilyLinkRow[]> {
      // A range rather than LIKE '2%' so that SQLite can walk the primary key.
      return db
        .select(linkColumns)
        .from(familyLinks)
        .where(and(gte(familyLinks.guardianIdNumber, '2'), lt(familyLinks.guardianIdNumber, '3')))
        .orderBy(familyLinks.guardianIdNumber)
        .all();
    },
    async findDelegation(id: number) {
      return reads.delegation(id);
    },
    /** An ACTIVE delegation of `kind` to the grantee over `subject` whose dates include `today`. */
    async activeDelegationCovering(kind: DelegationKind, granteeIdNumber: string, subject: string, today: string): Promise<DelegationRow | undefined> {
      return db
        .select()
        .from(delegations)
        .where(
          and(
            eq(delegations.kind, kind),
            eq(delegations.granteeIdNumber, granteeIdNumber),
            eq(delegations.subject, subject),
            eq(delegations.status, 'ACTIVE'),
            lte(delegations.validFrom, today),
            gte(delegations.validUntil, today),
          ),
        )
        .orderBy(desc(delegations.id))
        .all()
        .at(0);
    },
    async delegationsOf(idNumber: string, direction: DelegationDirection | null, limit: number, beforeId: number | null): Promise<DelegationRow[]> {
      const own = partyOf(idNumber, direction);
      return db
        .select()
        .from(delegations)
        .where(beforeId === null ? own : and(own, lt(delegations.id, beforeId)))
        .orderBy(desc(delegations.id))
        .limit(limit)
        .all();
    },
    async countDelegationsOf(idNumber: string, direction: DelegationDirection | null): Promise<number> {
      return db.select({ n: count() }).from(delegations).where(partyOf(idNumber, direction)).get()?.n ?? 0;
    },
    async delegationActions(delegationId: number, limit: number, beforeId: number | null): Promise<DelegationActionRow[]> {
      const own = eq(delegationActions.delegationId, delegationId);
      return db
        .select()
        .from(delegationActions)
        .where(beforeId === null ? own : and(own, lt(delegationActions.id, beforeId)))
        .orderBy(desc(delegationActions.id))
        .limit(limit)
        .all();
    },
    async countDelegationActions(delegationId: number): Promise<number> {
      return db.select({ n: count() }).from(delegationActions).where(eq(delegationActions.delegationId, delegationId)).get()?.n ?? 0;
    },
    async findVisa(id: number) {
      return reads.visa(id);
    },
    async visasOf(applicantIdNumber: string, limit: number, beforeId: number | null): Promise<FamilyVisitVisaRow[]> {
      const own = eq(familyVisitVisas.applicantIdNumber, applicantIdNumber);
      return db
        .select()
        .from(familyVisitVisas)
        .where(beforeId === null ? own : and(own, lt(familyVisitVisas.id, beforeId)))
        .orderBy(desc(familyVisitVisas.id))
        .limit(limit)
        .all();
    },
    async findSpouseRequest(id: number) {
      return reads.spouseRequest(id);
    },
    async spouseRequestsOf(idNumber: string, direction: SpouseRequestDirection, limit: number, beforeId: number | null): Promise<SpouseRequestRow[]> {
      const own = direction === 'SENT' ? eq(spouseRequests.requesterIdNumber, idNumber) : eq(spouseRequests.inviteeIdNumber, idNumber);
      return db
        .select()
        .from(spouseRequests)
        .where(beforeId === null ? own : and(own, lt(spouseRequests.id, beforeId)))
        .orderBy(desc(spouseRequests.id))
        .limit(limit)
        .all();
    },
    async countSpouseRequestsOf(idNumber: string, direction: SpouseRequestDirection): Promise<number> {
      const own = direction === 'SENT' ? eq(spouseRequests.requesterIdNumber, idNumber) : eq(spouseRequests.inviteeIdNumber, idNumber);
      return db.select({ n: count() }).from(spouseRequests).where(own).get()?.n ?? 0;
    },
    async countVisasOf(applicantIdNumber: string): Promise<number> {
      return db.select({ n: count() }).from(familyVisitVisas).where(eq(familyVisitVisas.applicantIdNumber, applicantIdNumber)).get()?.n ?? 0;
    },
    /** The officers' queue: oldest first, so applications are decided in the order they came. */
    async visasInStatus(status: FamilyVisitVisaRow['status'], limit: number, afterId: number | null): Promise<FamilyVisitVisaRow[]> {
      const inStatus = eq(familyVisitVisas.status, status);
      return db
        .select()
        .from(familyVisitVisas)
        .where(afterId === null ? inStatus : and(inStatus, sql`${familyVisitVisas.id} > ${afterId}`))
        .orderBy(familyVisitVisas.id)
        .limit(limit)
        .all();
    },
    async countVisasInStatus(status: FamilyVisitVisaRow['status']): Promise<number> {
      return db.select({ n: count() }).from(familyVisitVisas).where(eq(familyVisitVisas.status, status)).get()?.n ?? 0;
    },
  };
}

export type FamilyStore = ReturnType<typeof createFamilyStore>;
