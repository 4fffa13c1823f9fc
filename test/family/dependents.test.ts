// Dependents: newborn registration (free within 30 days, fined after),
// removal (spouses: spouses.test.ts), and the resident's monthly dependent fee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import type { SignedIn } from '../helpers/people.js';
import { addChild, billsOf, familyOps as ops, linkInRegistry, registryLinks, riyadhNoon, signedInOfficer, signedInPerson } from '../helpers/family.js';
import { dependentFees } from '../../src/modules/family/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { familyLinks } from '../../src/modules/registry/tables.js';

let platform: TestPlatform;
const today = riyadhNoon('2026-11-25');
let citizen: SignedIn;
let resident: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
  citizen = await signedInPerson(platform, 'CITIZEN');
  resident = await signedInPerson(platform, 'RESIDENT');
  stranger = await signedInPerson(platform, 'CITIZEN');
});
afterAll(() => platform.stop());

const codes = (payload: { userErrors: Array<{ code: string }> }) => payload.userErrors.map((e) => e.code);

describe('registerNewborn', () => {
  it('registers a newborn of 10 days fee-free and links it with the caller as guardian', async () => {
    const child = await addChild(platform, '2026-11-15', 'CITIZEN', [citizen.idNumber]);
    const answer = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: citizen.accessToken });
    const payload = answer.data.registerNewborn;
    expect(payload.userErrors).toEqual([]);
    expect(payload.dependent).toMatchObject({ relationship: 'CHILD', person: { idNumber: child.idNumber, name: { en: 'Sara' } }, monthlyFee: null });
    expect(payload.lateRegistrationFine).toBeNull();
    expect(await registryLinks(platform, citizen.idNumber)).toEqual([{ guardianIdNumber: citizen.idNumber, dependentIdNumber: child.idNumber, relationship: 'CHILD' }]);
    expect(await billsOf(platform, citizen.idNumber)).toEqual([]);
    const told = await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, citizen.idNumber));
    expect(told.map((n) => n.kind)).toContain('FAMILY_NEWBORN_REGISTERED');

    const listed = await platform.gql<any>(ops.DEPENDENTS, {}, { token: citizen.accessToken });
    expect(listed.data.me.dependents.map((d: any) => d.person.idNumber)).toEqual([child.idNumber]);
  });

  it('registers on day 30 still fee-free, and on day 31 with a late registration fine', async () => {
    const parent = await signedInPerson(platform);
    const onTime = await addChild(platform, '2026-10-26', 'CITIZEN', [parent.idNumber]);
    const late = await addChild(platform, '2026-10-25', 'CITIZEN', [parent.idNumber]);
    const first = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: onTime.idNumber } }, { token: parent.accessToken });
    expect(first.data.registerNewborn.lateRegistrationFine).toBeNull();
    const second = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: late.idNumber } }, { token: parent.accessToken });
    expect(second.data.registerNewborn.userErrors).toEqual([]);
    expect(second.data.registerNewborn.lateRegistrationFine).toMatchObject({ kind: 'LATE_BIRTH_REGISTRATION_FINE', status: 'UNPAID', amount: { amount: '100.00', currency: 'SAR' } });
    const fines = await billsOf(platform, parent.idNumber, 'LATE_BIRTH_REGISTRATION_FINE');
    expect(fines).toHaveLength(1);
    expect(fines[0]).toMatchObject({ subjectId: late.idNumber, amountHalalas: 10000 });
    expect(await registryLinks(platform, parent.idNumber)).toHaveLength(2);
  });

  it('refuses a child already on someone’s family record, an unknown ID, a child a year old or older, and oneself', async () => {
    const parentOnly = ['CITIZEN', [citizen.idNumber]] as const;
    const taken = await addChild(platform, '2026-11-20', ...parentOnly);
    await linkInRegistry(platform, stranger.idNumber, taken.idNumber);
    const yearOld = await addChild(platform, '2025-11-25', ...parentOnly);
    const unborn = await addChild(platform, '2026-12-01', ...parentOnly);
    const cases: Array<[string, string]> = [
      [taken.idNumber, 'ALREADY_A_DEPENDENT'],
      ['1999999990', 'PERSON_NOT_FOUND'],
      [yearOld.idNumber, 'NOT_A_NEWBORN'],
      [unborn.idNumber, 'NOT_A_NEWBORN'],
      [citizen.idNumber, 'CANNOT_LINK_SELF'],
    ];
    for (const [idNumber, code] of cases) {
      const answer = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber } }, { token: citizen.accessToken });
      expect(codes(answer.data.registerNewborn), idNumber).toEqual([code]);
      expect(answer.data.registerNewborn.dependent).toBeNull();
    }
    expect(await registryLinks(platform, citizen.idNumber)).toHaveLength(1);
    expect(await registryLinks(platform, stranger.idNumber)).toHaveLength(1);
  });

  it('fines a late birth once, and never shows one guardian the fine billed to another', async () => {
    const [first, second] = [await signedInPerson(platform), await signedInPerson(platform)];
    const child = await addChild(platform, '2026-09-01', 'CITIZEN', [first.idNumber, second.idNumber]);
    const registered = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: first.accessToken });
    expect(registered.data.registerNewborn.lateRegistrationFine).not.toBeNull();
    await platform.gql<any>(ops.REMOVE_DEPENDENT, { input: { dependentId: registered.data.registerNewborn.dependent.id } }, { token: first.accessToken });
    const again = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: second.accessToken });
    expect(again.data.registerNewborn.userErrors).toEqual([]);
    expect(again.data.registerNewborn.lateRegistrationFine).toBeNull();
    expect(await billsOf(platform, first.idNumber, 'LATE_BIRTH_REGISTRATION_FINE')).toHaveLength(1);
    expect(await billsOf(platform, second.idNumber)).toEqual([]);
  });

  it('gives a child claimed by two people at once exactly one guardian', async () => {
    const [mother, father] = [await signedInPerson(platform), await signedInPerson(platform)];
    const child = await addChild(platform, '2026-11-22', 'CITIZEN', [mother.idNumber, father.idNumber]);
    const answers = await Promise.all(
      [mother, father, mother, father].map((who) => platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: who.accessToken })),
    );
    const outcomes = answers.map((a) => (a.data.registerNewborn.dependent ? 'OK' : a.data.registerNewborn.userErrors[0].code));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK')).toEqual(['ALREADY_A_DEPENDENT', 'ALREADY_A_DEPENDENT', 'ALREADY_A_DEPENDENT']);
    expect([...(await registryLinks(platform, mother.idNumber)), ...(await registryLinks(platform, father.idNumber))]).toHaveLength(1);
  });

  it('refuses a guardian under 18 and answers in Arabic when asked', async () => {
    const teen = await signedInPerson(platform, 'CITIZEN', { dateOfBirth: '2010-01-01' });
    const child = await addChild(platform, '2026-11-20', 'CITIZEN', [teen.idNumber]);
    const answer = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: teen.accessToken, headers: { 'accept-language': 'ar' } });
    expect(codes(answer.data.registerNewborn)).toEqual(['GUARDIAN_NOT_ADULT']);
    expect(answer.data.registerNewborn.userErrors[0].message).toMatch(/[\u0600-\u06FF]/);
    expect(await registryLinks(platform, teen.idNumber)).toEqual([]);
  });

  it('answers someone who is not a recorded parent exactly as for an unknown ID, and writes nothing', async () => {
    // Same nationality as the parent, so nothing but the birth record tells them apart.
    const parent = await signedInPerson(platform, 'CITIZEN');
    const othersChild = await addChild(platform, '2026-10-01', 'CITIZEN', [parent.idNumber]);
    const unrecorded = await addChild(platform, '2026-11-20', 'CITIZEN');
    const notificationsOf = async (idNumber: string) => platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, idNumber));
    const strangerNotifications = (await notificationsOf(stranger.idNumber)).length;
    const strangerLinks = await registryLinks(platform, stranger.idNumber);

    const unknown = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: '1999999990' } }, { token: stranger.accessToken });
    expect(codes(unknown.data.registerNewborn)).toEqual(['PERSON_NOT_FOUND']);
    for (const idNumber of [othersChild.idNumber, unrecorded.idNumber]) {
      const answer = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber } }, { token: stranger.accessToken });
      expect(answer, idNumber).toEqual(unknown);
    }
    expect(await registryLinks(platform, stranger.idNumber)).toEqual(strangerLinks);
    expect(await platform.db.read.select().from(familyLinks).where(eq(familyLinks.dependentIdNumber, othersChild.idNumber))).toEqual([]);
    expect(await billsOf(platform, stranger.idNumber)).toEqual([]);
    expect(await billsOf(platform, parent.idNumber)).toEqual([]);
    expect(await notificationsOf(stranger.idNumber)).toHaveLength(strangerNotifications);

    // The recorded parent, asking for the same child, is answered.
    const own = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: othersChild.idNumber } }, { token: parent.accessToken });
    expect(own.data.registerNewborn.userErrors).toEqual([]);
    expect(own.data.registerNewborn.lateRegistrationFine).toMatchObject({ kind: 'LATE_BIRTH_REGISTRATION_FINE' });
  });

  it('lets a recorded parent of another nationality than the child register it', async () => {
    const mother = await signedInPerson(platform, 'CITIZEN');
    const child = await addChild(platform, '2026-11-20', 'RESIDENT', [mother.idNumber]);
    const answer = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: mother.accessToken });
    expect(answer.data.registerNewborn.userErrors).toEqual([]);
    expect(await registryLinks(platform, mother.idNumber)).toEqual([{ guardianIdNumber: mother.idNumber, dependentIdNumber: child.idNumber, relationship: 'CHILD' }]);
  });

  it('refuses the second recorded parent once the first has registered the child', async () => {
    const [mother, father] = [await signedInPerson(platform), await signedInPerson(platform)];
    const child = await addChild(platform, '2026-11-23', 'CITIZEN', [mother.idNumber, father.idNumber]);
    const first = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: father.accessToken });
    expect(first.data.registerNewborn.userErrors).toEqual([]);
    const second = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: mother.accessToken });
    expect(codes(second.data.registerNewborn)).toEqual(['ALREADY_A_DEPENDENT']);
    expect(second.data.registerNewborn.dependent).toBeNull();
    const again = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: father.accessToken });
    expect(codes(again.data.registerNewborn)).toEqual(['ALREADY_A_DEPENDENT']);
    expect(await registryLinks(platform, father.idNumber)).toHaveLength(1);
    expect(await registryLinks(platform, mother.idNumber)).toEqual([]);
  });

  it('bills a resident the current month’s dependent fee when a newborn joins', async () => {
    const child = await addChild(platform, '2026-11-20', 'RESIDENT', [resident.idNumber]);
    const answer = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: resident.accessToken });
    expect(answer.data.registerNewborn.dependent.monthlyFee).toEqual({ amount: '400.00', currency: 'SAR' });
    const fees = await billsOf(platform, resident.idNumber, 'DEPENDENT_FEE');
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ amountHalalas: 40000, status: 'UNPAID' });
    expect(await platform.db.read.select().from(dependentFees).where(eq(dependentFees.guardianIdNumber, resident.idNumber))).toEqual([
      expect.objectContaining({ dependentIdNumber: child.idNumber, month: '2026-11', billId: fees[0]!.id }),
    ]);
  });
});

describe('removeDependent and node(id:)', () => {
  it('lets only the guardian see and remove a dependent; others get what an unknown ID gets', async () => {
    const guardian = await signedInPerson(platform);
    const child = await addChild(platform, '2026-11-24', 'CITIZEN', [guardian.idNumber]);
    const registered = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: guardian.accessToken });
    const dependentId = registered.data.registerNewborn.dependent.id;

    const own = await platform.gql<any>(ops.NODE, { id: dependentId }, { token: guardian.accessToken });
    expect(own.data.node).toEqual({ __typename: 'Dependent', id: dependentId });
    const foreign = await platform.gql<any>(ops.NODE, { id: dependentId }, { token: stranger.accessToken });
    expect(foreign.data.node).toBeNull();

    const refused = await platform.gql<any>(ops.REMOVE_DEPENDENT, { input: { dependentId } }, { token: stranger.accessToken });
    const unknown = await platform.gql<any>(ops.REMOVE_DEPENDENT, { input: { dependentId: 'RGVwZW5kZW50Ojk5OTk5' } }, { token: stranger.accessToken });
    expect(refused.data.removeDependent).toEqual(unknown.data.removeDependent);
    expect(codes(refused.data.removeDependent)).toEqual(['DEPENDENT_NOT_FOUND']);
    expect(await registryLinks(platform, guardian.idNumber)).toHaveLength(1);

    const removed = await platform.gql<any>(ops.REMOVE_DEPENDENT, { input: { dependentId } }, { token: guardian.accessToken });
    expect(removed.data.removeDependent).toEqual({ removedDependentId: dependentId, userErrors: [] });
    expect(await registryLinks(platform, guardian.idNumber)).toEqual([]);
    const gone = await platform.gql<any>(ops.NODE, { id: dependentId }, { token: guardian.accessToken });
    expect(gone.data.node).toBeNull();
  });
});

describe('dependent fees', () => {
  it('bills each resident dependent once per month, however often billing runs, and never citizens', async () => {
    const admin = await signedInOfficer(platform, ['ADMIN']);
    const guardian = await signedInPerson(platform, 'RESIDENT');
    const [son, daughter] = [await addChild(platform, '2015-01-01', 'RESIDENT'), await addChild(platform, '2017-01-01', 'RESIDENT')];
    await linkInRegistry(platform, guardian.idNumber, son.idNumber);
    await linkInRegistry(platform, guardian.idNumber, daughter.idNumber);
    const citizenGuardian = await signedInPerson(platform, 'CITIZEN');
    await linkInRegistry(platform, citizenGuardian.idNumber, (await addChild(platform, '2016-01-01')).idNumber);

    // Three runs racing: between them, each resident dependent is billed once.
    const racing = await Promise.all([1, 2, 3].map(() => platform.gql<any>(ops.BILL_FEES, { input: { month: '2026-12' } }, { token: admin.accessToken })));
    expect(racing[0]!.data.billDependentFees).toMatchObject({ month: '2026-12', userErrors: [] });
    const created = racing.reduce((sum, a) => sum + a.data.billDependentFees.billsCreated, 0);
    expect(created).toBe((await platform.db.read.select().from(dependentFees).where(eq(dependentFees.month, '2026-12'))).length);
    const again = await platform.gql<any>(ops.BILL_FEES, { input: { month: '2026-12' } }, { token: admin.accessToken });
    expect(again.data.billDependentFees.billsCreated).toBe(0);

    const fees = await billsOf(platform, guardian.idNumber, 'DEPENDENT_FEE');
    expect(fees).toHaveLength(2);
    expect(fees.every((bill) => bill.amountHalalas === 40000)).toBe(true);
    expect(await billsOf(platform, citizenGuardian.idNumber)).toEqual([]);

    // The current month (no argument) is a separate month: one more bill each.
    await platform.gql<any>(ops.BILL_FEES, { input: {} }, { token: admin.accessToken });
    await platform.gql<any>(ops.BILL_FEES, { input: {} }, { token: admin.accessToken });
    const rows = await platform.db.read.select().from(dependentFees).where(eq(dependentFees.guardianIdNumber, guardian.idNumber));
    expect(rows.map((row) => row.month).sort()).toEqual(['2026-11', '2026-11', '2026-12', '2026-12']);
    expect(await billsOf(platform, guardian.idNumber, 'DEPENDENT_FEE')).toHaveLength(4);
  });

  it('refuses a malformed month, and billing by anyone but an administrator', async () => {
    const admin = await signedInOfficer(platform, ['ADMIN']);
    const bad = await platform.gql<any>(ops.BILL_FEES, { input: { month: '2026-13' } }, { token: admin.accessToken });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forbidden = await platform.gql<any>(ops.BILL_FEES, { input: {} }, { token: resident.accessToken });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
