// The family module's data access: the only code that touches its tables.
// After the registry import, this store is also the only writer of
// registry_family_links: a link made or ended on the portal (a newborn, a
// spouse, a removed dependent) is a change to the family record itself, and
// the other modules read it through the family service.
import { and, count, desc, eq, gt, gte, inArray, lt, lte, max, or } from 'drizzle-orm';
import { first, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import { familyLinks } from '../registry/tables.js';
import { delegationActions, delegations, dependentFees, familyVisitVisas, spouseRequests, type DelegationRow, type FamilyVisitVisaRow, type SpouseRequestRow } from './tables.js';

type LinkColumns = Omit<typeof familyLinks.$inferSelect, 'id'>;
/** A family link with its own ID (the ID-number pair must not leak into global IDs). */
export type FamilyLinkRow = typeof familyLinks.$inferSelect;
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

/**
 * The family operations over `on`: the reader outside a transaction, or a
 * transaction (`atomically`, or another module's through
 * `recordDelegatedAction`).
 */
export function familyTxOperations(on: Queryable) {
  return {
    link: (guardianIdNumber: string, dependentIdNumber: string): Promise<FamilyLinkRow | undefined> =>
      first(
        on
          .select()
          .from(familyLinks)
          .where(and(eq(familyLinks.guardianIdNumber, guardianIdNumber), eq(familyLinks.dependentIdNumber, dependentIdNumber))),
      ),
    linkById: (id: number): Promise<FamilyLinkRow | undefined> => first(on.select().from(familyLinks).where(eq(familyLinks.id, id))),
    linksOfDependent: async (dependentIdNumber: string): Promise<FamilyLinkRow[]> =>
      on.select().from(familyLinks).where(eq(familyLinks.dependentIdNumber, dependentIdNumber)),
    linksOfGuardian: async (guardianIdNumber: string): Promise<FamilyLinkRow[]> =>
      on.select().from(familyLinks).where(eq(familyLinks.guardianIdNumber, guardianIdNumber)).orderBy(familyLinks.id),
    async insertLink(row: LinkColumns): Promise<FamilyLinkRow> {
      const [inserted] = await on.insert(familyLinks).values(row).returning({ id: familyLinks.id });
      return { ...row, id: inserted!.id };
    },
    async deleteLink(guardianIdNumber: string, dependentIdNumber: string): Promise<void> {
      await on
        .delete(familyLinks)
        .where(and(eq(familyLinks.guardianIdNumber, guardianIdNumber), eq(familyLinks.dependentIdNumber, dependentIdNumber)));
    },
    dependentFee: (guardianIdNumber: string, dependentIdNumber: string, month: string): Promise<DependentFeeRow | undefined> =>
      first(
        on
          .select()
          .from(dependentFees)
          .where(
            and(eq(dependentFees.guardianIdNumber, guardianIdNumber), eq(dependentFees.dependentIdNumber, dependentIdNumber), eq(dependentFees.month, month)),
          ),
      ),
    async insertDependentFee(row: Omit<DependentFeeRow, 'id'>): Promise<void> {
      await on.insert(dependentFees).values(row);
    },
    delegation: (id: number): Promise<DelegationRow | undefined> => first(on.select().from(delegations).where(eq(delegations.id, id))),
    openDelegation: (kind: DelegationKind, grantorIdNumber: string, granteeIdNumber: string, subject: string): Promise<DelegationRow | undefined> =>
      first(
        on
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
          ),
      ),
    /** Closes an open delegation whose last day has passed: revoked by nobody, i.e. lapsed (read as EXPIRED). */
    async closeLapsedDelegation(id: number, at: Date): Promise<void> {
      await on.update(delegations).set({ status: 'REVOKED', revokedAt: at, revokedByIdNumber: null }).where(eq(delegations.id, id));
    },
    async insertDelegation(row: NewDelegation): Promise<DelegationRow> {
      const [inserted] = await on.insert(delegations).values(row).returning();
      return inserted!;
    },
    async updateDelegation(id: number, changes: Partial<NewDelegation>): Promise<void> {
      await on.update(delegations).set(changes).where(eq(delegations.id, id));
    },
    /** Ends every open delegation about a dependent the grantor is no longer guardian of. */
    async revokeDelegationsAbout(grantorIdNumber: string, subject: string, at: Date): Promise<void> {
      await on
        .update(delegations)
        .set({ status: 'REVOKED', revokedAt: at, revokedByIdNumber: grantorIdNumber })
        .where(
          and(
            eq(delegations.kind, 'DEPENDENT_APPOINTMENTS'),
            eq(delegations.grantorIdNumber, grantorIdNumber),
            eq(delegations.subject, subject),
            inArray(delegations.status, [...OPEN_STATUSES]),
          ),
        );
    },
    async insertDelegationAction(row: Omit<DelegationActionRow, 'id'>): Promise<DelegationActionRow> {
      const [inserted] = await on.insert(delegationActions).values(row).returning();
      return inserted!;
    },
    spouseRequest: (id: number): Promise<SpouseRequestRow | undefined> => first(on.select().from(spouseRequests).where(eq(spouseRequests.id, id))),
    /** Pending requests between the two people, whichever of them asked. */
    pendingSpouseRequestsBetween: async (a: string, b: string): Promise<SpouseRequestRow[]> =>
      on
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
        ),
    /** How many spouse requests this person has sent after `since`, whatever became of them. */
    async spouseRequestsSentSince(requesterIdNumber: string, since: Date): Promise<number> {
      const row = await first(
        on
          .select({ n: count() })
          .from(spouseRequests)
          .where(and(eq(spouseRequests.requesterIdNumber, requesterIdNumber), gt(spouseRequests.createdAt, since))),
      );
      return row?.n ?? 0;
    },
    /** When the invitee last declined a request from this requester, if ever. */
    async lastDeclinedAt(requesterIdNumber: string, inviteeIdNumber: string): Promise<Date | null> {
      const row = await first(
        on
          .select({ at: max(spouseRequests.answeredAt) })
          .from(spouseRequests)
          .where(
            and(
              eq(spouseRequests.requesterIdNumber, requesterIdNumber),
              eq(spouseRequests.inviteeIdNumber, inviteeIdNumber),
              eq(spouseRequests.status, 'DECLINED'),
            ),
          ),
      );
      return row?.at ?? null;
    },
    async insertSpouseRequest(row: NewSpouseRequest): Promise<SpouseRequestRow> {
      const [inserted] = await on.insert(spouseRequests).values(row).returning();
      return inserted!;
    },
    async updateSpouseRequest(id: number, changes: Partial<NewSpouseRequest>): Promise<void> {
      await on.update(spouseRequests).set(changes).where(eq(spouseRequests.id, id));
    },
    visa: (id: number): Promise<FamilyVisitVisaRow | undefined> => first(on.select().from(familyVisitVisas).where(eq(familyVisitVisas.id, id))),
    /** An application of this applicant for this passport still in process (not yet rejected or issued). */
    openVisaFor: (applicantIdNumber: string, passportNumber: string): Promise<FamilyVisitVisaRow | undefined> =>
      first(
        on
          .select()
          .from(familyVisitVisas)
          .where(
            and(
              eq(familyVisitVisas.applicantIdNumber, applicantIdNumber),
              eq(familyVisitVisas.visitorPassportNumber, passportNumber),
              inArray(familyVisitVisas.status, ['SUBMITTED', 'APPROVED']),
            ),
          ),
      ),
    async insertVisa(row: NewVisa): Promise<FamilyVisitVisaRow> {
      const [inserted] = await on.insert(familyVisitVisas).values(row).returning();
      return inserted!;
    },
    async updateVisa(id: number, changes: Partial<NewVisa>): Promise<void> {
      await on.update(familyVisitVisas).set(changes).where(eq(familyVisitVisas.id, id));
    },
  };
}

export function createFamilyStore(db: Database) {
  const read = db.read;
  const reads = familyTxOperations(read);
  const partyOf = (idNumber: string, direction: DelegationDirection | null) =>
    direction === 'GIVEN'
      ? eq(delegations.grantorIdNumber, idNumber)
      : direction === 'RECEIVED'
        ? eq(delegations.granteeIdNumber, idNumber)
        : or(eq(delegations.grantorIdNumber, idNumber), eq(delegations.granteeIdNumber, idNumber));

  return {
    /** Runs `work` in one transaction; it receives the family operations and `.tx` for other modules' writes (a bill, a notification). */
    atomically: transactionsOf(db, familyTxOperations),
    findLink: reads.link,
    linksOfGuardian: reads.linksOfGuardian,
    findLinkById: reads.linkById,
    async linksOfGuardians(guardianIdNumbers: readonly string[]): Promise<FamilyLinkRow[]> {
      if (!guardianIdNumbers.length) return [];
      return read.select().from(familyLinks).where(inArray(familyLinks.guardianIdNumber, [...guardianIdNumbers])).orderBy(familyLinks.id);
    },
    /** Every dependent of a resident guardian (Iqama numbers start with 2). */
    async linksOfResidentGuardians(): Promise<FamilyLinkRow[]> {
      // A range rather than LIKE '2%' so that SQLite can walk the primary key.
      return read
        .select()
        .from(familyLinks)
        .where(and(gte(familyLinks.guardianIdNumber, '2'), lt(familyLinks.guardianIdNumber, '3')))
        .orderBy(familyLinks.guardianIdNumber);
    },
    findDelegation: reads.delegation,
    /** An ACTIVE delegation of `kind` to the grantee over `subject` whose dates include `today`. */
    async activeDelegationCovering(kind: DelegationKind, granteeIdNumber: string, subject: string, today: string): Promise<DelegationRow | undefined> {
      return first(
        read
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
          .limit(1),
      );
    },
    async delegationsOf(idNumber: string, direction: DelegationDirection | null, limit: number, beforeId: number | null): Promise<DelegationRow[]> {
      const own = partyOf(idNumber, direction);
      return read
        .select()
        .from(delegations)
        .where(beforeId === null ? own : and(own, lt(delegations.id, beforeId)))
        .orderBy(desc(delegations.id))
        .limit(limit);
    },
    async countDelegationsOf(idNumber: string, direction: DelegationDirection | null): Promise<number> {
      return (await first(read.select({ n: count() }).from(delegations).where(partyOf(idNumber, direction))))?.n ?? 0;
    },
    async delegationActions(delegationId: number, limit: number, beforeId: number | null): Promise<DelegationActionRow[]> {
      const own = eq(delegationActions.delegationId, delegationId);
      return read
        .select()
        .from(delegationActions)
        .where(beforeId === null ? own : and(own, lt(delegationActions.id, beforeId)))
        .orderBy(desc(delegationActions.id))
        .limit(limit);
    },
    async countDelegationActions(delegationId: number): Promise<number> {
      return (await first(read.select({ n: count() }).from(delegationActions).where(eq(delegationActions.delegationId, delegationId))))?.n ?? 0;
    },
    findVisa: reads.visa,
    async visasOf(applicantIdNumber: string, limit: number, beforeId: number | null): Promise<FamilyVisitVisaRow[]> {
      const own = eq(familyVisitVisas.applicantIdNumber, applicantIdNumber);
      return read
        .select()
        .from(familyVisitVisas)
        .where(beforeId === null ? own : and(own, lt(familyVisitVisas.id, beforeId)))
        .orderBy(desc(familyVisitVisas.id))
        .limit(limit);
    },
    findSpouseRequest: reads.spouseRequest,
    async spouseRequestsOf(idNumber: string, direction: SpouseRequestDirection, limit: number, beforeId: number | null): Promise<SpouseRequestRow[]> {
      const own = direction === 'SENT' ? eq(spouseRequests.requesterIdNumber, idNumber) : eq(spouseRequests.inviteeIdNumber, idNumber);
      return read
        .select()
        .from(spouseRequests)
        .where(beforeId === null ? own : and(own, lt(spouseRequests.id, beforeId)))
        .orderBy(desc(spouseRequests.id))
        .limit(limit);
    },
    async countSpouseRequestsOf(idNumber: string, direction: SpouseRequestDirection): Promise<number> {
      const own = direction === 'SENT' ? eq(spouseRequests.requesterIdNumber, idNumber) : eq(spouseRequests.inviteeIdNumber, idNumber);
      return (await first(read.select({ n: count() }).from(spouseRequests).where(own)))?.n ?? 0;
    },
    async countVisasOf(applicantIdNumber: string): Promise<number> {
      return (await first(read.select({ n: count() }).from(familyVisitVisas).where(eq(familyVisitVisas.applicantIdNumber, applicantIdNumber))))?.n ?? 0;
    },
    /** The officers' queue: oldest first, so applications are decided in the order they came. */
    async visasInStatus(status: FamilyVisitVisaRow['status'], limit: number, afterId: number | null): Promise<FamilyVisitVisaRow[]> {
      const inStatus = eq(familyVisitVisas.status, status);
      return read
        .select()
        .from(familyVisitVisas)
        .where(afterId === null ? inStatus : and(inStatus, gt(familyVisitVisas.id, afterId)))
        .orderBy(familyVisitVisas.id)
        .limit(limit);
    },
    async countVisasInStatus(status: FamilyVisitVisaRow['status']): Promise<number> {
      return (await first(read.select({ n: count() }).from(familyVisitVisas).where(eq(familyVisitVisas.status, status))))?.n ?? 0;
    },
  };
}

export type FamilyStore = ReturnType<typeof createFamilyStore>;
export type FamilyTx = Parameters<Parameters<FamilyStore['atomically']>[0]>[0];
