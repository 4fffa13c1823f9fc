// Family services: dependent fees, delegations (tafweed) and family visit visas.
// Family links themselves are registry records (registry/tables.ts).
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';
import { accounts } from '../identity/tables.js';
import { bills } from '../payments/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

// One bill per resident, dependent and month: SAR 400 each.
export const dependentFees = sqliteTable(
  'dependent_fees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guardianIdNumber: text('guardian_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    dependentIdNumber: text('dependent_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    month: text('month').notNull(),
    billId: integer('bill_id')
      .notNull()
      .references(() => bills.id),
  },
  (t) => [uniqueIndex('dependent_fees_once').on(t.guardianIdNumber, t.dependentIdNumber, t.month)],
);

export const delegations = sqliteTable(
  'delegations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['VEHICLE_DRIVING', 'DEPENDENT_APPOINTMENTS'] }).notNull(),
    grantorIdNumber: text('grantor_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    granteeIdNumber: text('grantee_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    // The vehicle plate or the dependent's ID number the delegation covers.
    subject: text('subject').notNull(),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
    status: text('status', { enum: ['PENDING', 'ACTIVE', 'DECLINED', 'REVOKED'] }).notNull(),
    createdAt: timestamp('created_at').notNull(),
    acceptedAt: timestamp('accepted_at'),
    revokedAt: timestamp('revoked_at'),
    // Null on a REVOKED row means nobody revoked it: it lapsed at the end of
    // its period and was closed so that a new one may be given (read EXPIRED).
    revokedByIdNumber: text('revoked_by_id_number'),
  },
  (t) => [
    index('delegations_grantor').on(t.grantorIdNumber),
    index('delegations_grantee').on(t.granteeIdNumber),
    uniqueIndex('delegations_one_open').on(t.kind, t.grantorIdNumber, t.granteeIdNumber, t.subject).where(sql`status IN ('PENDING', 'ACTIVE')`),
  ],
);

// Every action taken under a delegation: who acted for whom.
export const delegationActions = sqliteTable(
  'delegation_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id),
    actorAccountId: integer('actor_account_id')
      .notNull()
      .references(() => accounts.id),
    onBehalfOfIdNumber: text('on_behalf_of_id_number').notNull(),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    occurredAt: timestamp('occurred_at').notNull(),
  },
  (t) => [index('delegation_actions_delegation').on(t.delegationId)],
);

export const familyVisitVisas = sqliteTable(
  'family_visit_visas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicantIdNumber: text('applicant_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    applicantAccountId: integer('applicant_account_id')
      .notNull()
      .references(() => accounts.id),
    visitorNameAr: text('visitor_name_ar'),
    visitorNameEn: text('visitor_name_en').notNull(),
    visitorNationality: text('visitor_nationality').notNull(),
    visitorPassportNumber: text('visitor_passport_number').notNull(),
    relationship: text('relationship').notNull(),
    arrivalDate: text('arrival_date').notNull(),
    departureDate: text('departure_date').notNull(),
    status: text('status', { enum: ['SUBMITTED', 'APPROVED', 'REJECTED', 'ISSUED'] }).notNull(),
    visaNumber: text('visa_number').unique(),
    billId: integer('bill_id').references(() => bills.id),
    decidedByAccountId: integer('decided_by_account_id').references(() => accounts.id),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [index('family_visit_visas_applicant').on(t.applicantIdNumber), index('family_visit_visas_status').on(t.status, t.id)],
);

// A request to be added as someone's spouse: the family link is made only when
// the invited person accepts, so that typing an ID number neither links a
// stranger nor opens their registry record to the requester.
export const spouseRequests = sqliteTable(
  'spouse_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requesterIdNumber: text('requester_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    inviteeIdNumber: text('invitee_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    status: text('status', { enum: ['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED'] }).notNull(),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    answeredAt: timestamp('answered_at'),
  },
  (t) => [
    index('spouse_requests_requester').on(t.requesterIdNumber),
    index('spouse_requests_invitee').on(t.inviteeIdNumber),
    uniqueIndex('spouse_requests_one_pending').on(t.requesterIdNumber, t.inviteeIdNumber).where(sql`status = 'PENDING'`),
  ],
);

export type SpouseRequestRow = typeof spouseRequests.$inferSelect;
export type DelegationRow = typeof delegations.$inferSelect;
export type FamilyVisitVisaRow = typeof familyVisitVisas.$inferSelect;
