// Builders for family tests: registry children, vehicles and family links
// inserted as the registry import would leave them, officers, and the family
// operations as a client sends them.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { accounts } from '../../src/modules/identity/tables.js';
import { familyLinks, registryParentage, registryVehicles } from '../../src/modules/registry/tables.js';
import { bills } from '../../src/modules/payments/tables.js';
import type { TestPlatform } from './platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn, type TestPerson } from './people.js';

/** A Date at noon Riyadh time on `isoDate`, for moving the platform clock. */
export const riyadhNoon = (isoDate: string) => new Date(`${isoDate}T12:00:00+03:00`);

export async function signedInPerson(platform: TestPlatform, kind: 'CITIZEN' | 'RESIDENT' = 'CITIZEN', overrides: { dateOfBirth?: string } = {}): Promise<SignedIn> {
  const person = await addRegistryPerson(platform, { kind, ...overrides });
  return signInAccount(platform, await registerAccount(platform, person));
}

export async function signedInOfficer(platform: TestPlatform, roles: string[] = ['RESIDENCY_OFFICER']): Promise<SignedIn> {
  const registered = await registerAccount(platform);
  await platform.db.atomically(async (tx) => {
    await tx.update(accounts).set({ roles }).where(eq(accounts.personIdNumber, registered.idNumber));
  });
  return signInAccount(platform, registered);
}

/** A child in the registry whose birth record names `parents` (the only people who may register the birth). */
export async function addChild(
  platform: TestPlatform,
  dateOfBirth: string,
  kind: 'CITIZEN' | 'RESIDENT' = 'CITIZEN',
  parents: readonly string[] = [],
): Promise<TestPerson> {
  const child = await addRegistryPerson(platform, { kind, dateOfBirth, nameAr: 'سارة', nameEn: 'Sara' });
  if (parents.length) {
    await platform.db.atomically(async (tx) => {
      await tx.insert(registryParentage).values(parents.map((parentIdNumber) => ({ childIdNumber: child.idNumber, parentIdNumber })));
    });
  }
  return child;
}

export async function linkInRegistry(
  platform: TestPlatform,
  guardianIdNumber: string,
  dependentIdNumber: string,
  relationship: 'CHILD' | 'SPOUSE' | 'PARENT' | 'OTHER' = 'CHILD',
): Promise<void> {
  await platform.db.atomically(async (tx) => {
    await tx.insert(familyLinks).values({ guardianIdNumber, dependentIdNumber, relationship });
  });
}

/** The guardian's links as the registry holds them (without the link's own ID). */
export async function registryLinks(platform: TestPlatform, guardianIdNumber: string) {
  return platform.db.read
    .select({ guardianIdNumber: familyLinks.guardianIdNumber, dependentIdNumber: familyLinks.dependentIdNumber, relationship: familyLinks.relationship })
    .from(familyLinks)
    .where(eq(familyLinks.guardianIdNumber, guardianIdNumber))
    .orderBy(familyLinks.dependentIdNumber);
}

let plates = 1000;
export async function addVehicle(platform: TestPlatform, ownerIdNumber: string): Promise<string> {
  plates += 1;
  const plate = `ABC ${plates}`;
  await platform.db.atomically(async (tx) => {
    await tx.insert(registryVehicles).values({ ownerIdNumber, plate, make: 'Toyota', model: 'Camry', year: 2022 });
  });
  return plate;
}

export async function billsOf(platform: TestPlatform, personIdNumber: string, kind?: string) {
  const rows = await platform.db.read.select().from(bills).where(eq(bills.personIdNumber, personIdNumber)).orderBy(bills.id);
  return kind ? rows.filter((row) => row.kind === kind) : rows;
}

export async function markBillPaid(platform: TestPlatform, billId: number): Promise<void> {
  await platform.db.atomically(async (tx) => {
    await tx.update(bills).set({ status: 'PAID', paidAt: new Date() }).where(eq(bills.id, billId));
  });
}

export async function payBills(platform: TestPlatform, token: string, billIds: string[]) {
  return platform.gql<any>(
    `mutation($input: PayBillsInput!) { payBills(input: $input) { payment { id status } userErrors { code message } } }`,
    { input: { billIds, idempotencyKey: randomUUID(), paymentMethod: { cardToken: 'tok_visa' } } },
    { token },
  );
}

const ERRORS = 'userErrors { field message code }';
const DEPENDENT = 'id relationship person { idNumber name { ar en } } monthlyFee { amount currency }';
const DELEGATION = `id kind status subject validFrom validUntil acceptedAt revokedAt
  grantor { idNumber name { en } } grantee { idNumber name { en } }
  actions { totalCount edges { node { action onBehalfOfIdNumber subjectId actor { idNumber } occurredAt } } }`;
const SPOUSE_REQUEST = 'id status createdAt expiresAt answeredAt requester { idNumber name { ar en } } invitee { idNumber name { ar en } }';
const VISA = 'id status from to visaNumber decisionNote visitor { name nationality passportNumber relationship } fee { id amount { amount } status kind }';

export const familyOps = {
  REGISTER_NEWBORN: `mutation($input: RegisterNewbornInput!) { registerNewborn(input: $input) { dependent { ${DEPENDENT} } lateRegistrationFine { id kind status amount { amount currency } } ${ERRORS} } }`,
  ADD_SPOUSE: `mutation($input: AddSpouseInput!) { addSpouse(input: $input) { dependent { ${DEPENDENT} } spouseRequest { ${SPOUSE_REQUEST} } ${ERRORS} } }`,
  ACCEPT_SPOUSE: `mutation($input: SpouseRequestDecisionInput!) { acceptSpouseRequest(input: $input) { spouseRequest { ${SPOUSE_REQUEST} } ${ERRORS} } }`,
  DECLINE_SPOUSE: `mutation($input: SpouseRequestDecisionInput!) { declineSpouseRequest(input: $input) { spouseRequest { ${SPOUSE_REQUEST} } ${ERRORS} } }`,
  CANCEL_SPOUSE: `mutation($input: SpouseRequestDecisionInput!) { cancelSpouseRequest(input: $input) { spouseRequest { ${SPOUSE_REQUEST} } ${ERRORS} } }`,
  SPOUSE_REQUESTS: `query($direction: SpouseRequestDirection!) { me { spouseRequests(direction: $direction) { totalCount edges { node { ${SPOUSE_REQUEST} } } } } }`,
  REMOVE_DEPENDENT: `mutation($input: RemoveDependentInput!) { removeDependent(input: $input) { removedDependentId ${ERRORS} } }`,
  DEPENDENTS: `query { me { dependents { ${DEPENDENT} } } }`,
  AUTHORIZE: `mutation($input: AuthorizeDelegationInput!) { authorizeDelegation(input: $input) { delegation { ${DELEGATION} } ${ERRORS} } }`,
  ACCEPT: `mutation($input: DelegationDecisionInput!) { acceptDelegation(input: $input) { delegation { ${DELEGATION} } ${ERRORS} } }`,
  DECLINE: `mutation($input: DelegationDecisionInput!) { declineDelegation(input: $input) { delegation { ${DELEGATION} } ${ERRORS} } }`,
  REVOKE: `mutation($input: DelegationDecisionInput!) { revokeDelegation(input: $input) { delegation { ${DELEGATION} } ${ERRORS} } }`,
  DELEGATIONS: `query($direction: DelegationDirection) { me { delegations(direction: $direction) { totalCount edges { node { ${DELEGATION} } } } } }`,
  APPLY_VISA: `mutation($input: ApplyFamilyVisitVisaInput!) { applyFamilyVisitVisa(input: $input) { visa { ${VISA} } ${ERRORS} } }`,
  DECIDE_VISA: `mutation($input: DecideFamilyVisitVisaInput!) { decideFamilyVisitVisa(input: $input) { visa { ${VISA} } ${ERRORS} } }`,
  ISSUE_VISA: `mutation($input: IssueFamilyVisitVisaInput!) { issueFamilyVisitVisa(input: $input) { visa { ${VISA} } ${ERRORS} } }`,
  VISAS: `query { me { familyVisitVisas { totalCount edges { node { ${VISA} } } } } }`,
  VISA_QUEUE: `query($status: FamilyVisitVisaStatus!) { familyVisitVisaApplications(status: $status) { totalCount edges { node { id status } } } }`,
  BILL_FEES: `mutation($input: BillDependentFeesInput!) { billDependentFees(input: $input) { month billsCreated ${ERRORS} } }`,
  NODE: `query($id: ID!) { node(id: $id) { __typename id } }`,
};
