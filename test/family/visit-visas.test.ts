// Family visit visas: SUBMITTED -> APPROVED (fee billed) -> ISSUED once paid,
// or REJECTED with a reason; officers only; the applicant is told each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import type { SignedIn } from '../helpers/people.js';
import { billsOf, familyOps as ops, payBills, riyadhNoon, signedInOfficer, signedInPerson } from '../helpers/family.js';
import { familyVisitVisas } from '../../src/modules/family/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { localIntIdOf } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

let platform: TestPlatform;
const today = riyadhNoon('2026-11-25');
let applicant: SignedIn;
let stranger: SignedIn;
let officer: SignedIn;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
  applicant = await signedInPerson(platform, 'RESIDENT');
  stranger = await signedInPerson(platform, 'CITIZEN');
  officer = await signedInOfficer(platform, ['RESIDENCY_OFFICER']);
});
afterAll(() => platform.stop());

const codes = (payload: { userErrors: Array<{ code: string }> }) => payload.userErrors.map((e) => e.code);
const mother = { name: 'Fatma Hassan', nationality: 'eg', passportNumber: 'a12345678', relationship: 'PARENT' };

async function apply(person: SignedIn, input: Record<string, unknown> = {}) {
  const answer = await platform.gql<any>(ops.APPLY_VISA, { input: { visitor: mother, from: '2026-12-10', to: '2027-01-20', ...input } }, { token: person.accessToken });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data.applyFamilyVisitVisa;
}

const told = async (idNumber: string) => platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, idNumber)).orderBy(notifications.id);

describe('family visit visa workflow', () => {
  it('submits, approves with a fee bill, refuses to issue until paid, then issues; the applicant is told each step in both languages', async () => {
    const applied = await apply(applicant);
    expect(applied.userErrors).toEqual([]);
    expect(applied.visa).toMatchObject({
      status: 'SUBMITTED', from: '2026-12-10', to: '2027-01-20', fee: null, visaNumber: null,
      visitor: { name: 'Fatma Hassan', nationality: 'EG', passportNumber: 'A12345678', relationship: 'PARENT' },
    });
    const visaId = applied.visa.id;

    const queue = await platform.gql<any>(ops.VISA_QUEUE, { status: 'SUBMITTED' }, { token: officer.accessToken });
    expect(queue.data.familyVisitVisaApplications.edges.map((e: any) => e.node.id)).toContain(visaId);

    const early = await platform.gql<any>(ops.ISSUE_VISA, { input: { visaId } }, { token: officer.accessToken });
    expect(codes(early.data.issueFamilyVisitVisa)).toEqual(['VISA_NOT_APPROVED']);

    const approved = await platform.gql<any>(ops.DECIDE_VISA, { input: { visaId, decision: 'APPROVE' } }, { token: officer.accessToken });
    expect(approved.data.decideFamilyVisitVisa.visa).toMatchObject({ status: 'APPROVED', fee: { kind: 'FAMILY_VISIT_VISA_FEE', status: 'UNPAID', amount: { amount: '300.00' } } });
    const again = await platform.gql<any>(ops.DECIDE_VISA, { input: { visaId, decision: 'REJECT', note: 'late' } }, { token: officer.accessToken });
    expect(codes(again.data.decideFamilyVisitVisa)).toEqual(['VISA_NOT_SUBMITTED']);
    expect(await billsOf(platform, applicant.idNumber, 'FAMILY_VISIT_VISA_FEE')).toHaveLength(1);

    const unpaid = await platform.gql<any>(ops.ISSUE_VISA, { input: { visaId } }, { token: officer.accessToken });
    expect(codes(unpaid.data.issueFamilyVisitVisa)).toEqual(['VISA_FEE_UNPAID']);
    expect((await first(platform.db.read.select().from(familyVisitVisas).where(eq(familyVisitVisas.id, localIntIdOf(visaId, 'FamilyVisitVisa')!))))?.status).toBe('APPROVED');

    const paid = await payBills(platform, applicant.accessToken, [approved.data.decideFamilyVisitVisa.visa.fee.id]);
    expect(paid.data.payBills.payment.status).toBe('SUCCEEDED');
    const issued = await platform.gql<any>(ops.ISSUE_VISA, { input: { visaId } }, { token: officer.accessToken });
    expect(issued.data.issueFamilyVisitVisa.userErrors).toEqual([]);
    expect(issued.data.issueFamilyVisitVisa.visa).toMatchObject({ status: 'ISSUED', fee: { status: 'PAID' } });
    expect(issued.data.issueFamilyVisitVisa.visa.visaNumber).toMatch(/^FV\d{9}$/);
    const twice = await platform.gql<any>(ops.ISSUE_VISA, { input: { visaId } }, { token: officer.accessToken });
    expect(codes(twice.data.issueFamilyVisitVisa)).toEqual(['VISA_NOT_APPROVED']);

    const steps = (await told(applicant.idNumber)).filter((n) => n.kind.startsWith('FAMILY_VISIT_VISA_'));
    expect(steps.map((n) => n.kind)).toEqual(['FAMILY_VISIT_VISA_SUBMITTED', 'FAMILY_VISIT_VISA_APPROVED', 'FAMILY_VISIT_VISA_FEE_PAID', 'FAMILY_VISIT_VISA_ISSUED']);
    for (const step of steps) {
      expect(step.titleAr).toMatch(/[\u0600-\u06FF]/);
      expect(step.titleEn).toMatch(/[A-Za-z]/);
      expect(step.subjectId).toBe(visaId);
    }

    const mine = await platform.gql<any>(ops.VISAS, {}, { token: applicant.accessToken });
    expect(mine.data.me.familyVisitVisas.edges.map((e: any) => e.node.status)).toEqual(['ISSUED']);
  });

  it('rejects with a required reason, bills nothing, and tells the applicant why', async () => {
    const { visa } = await apply(applicant, { visitor: { ...mother, passportNumber: 'B7654321', relationship: 'SIBLING' } });
    const noReason = await platform.gql<any>(ops.DECIDE_VISA, { input: { visaId: visa.id, decision: 'REJECT' } }, { token: officer.accessToken });
    expect(codes(noReason.data.decideFamilyVisitVisa)).toEqual(['DECISION_NOTE_REQUIRED']);
    const rejected = await platform.gql<any>(ops.DECIDE_VISA, { input: { visaId: visa.id, decision: 'REJECT', note: 'Passport expires during the visit.' } }, { token: officer.accessToken });
    expect(rejected.data.decideFamilyVisitVisa.visa).toMatchObject({ status: 'REJECTED', decisionNote: 'Passport expires during the visit.', fee: null });
    expect(await billsOf(platform, applicant.idNumber, 'FAMILY_VISIT_VISA_FEE')).toHaveLength(1); // only the first test's
    const last = (await told(applicant.idNumber)).at(-1)!;
    expect(last.kind).toBe('FAMILY_VISIT_VISA_REJECTED');
    expect(last.bodyEn).toContain('Passport expires during the visit.');
  });

  it('refuses invalid visitors and dates', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ visitor: { ...mother, name: ' x ' } }, 'VISITOR_NAME_INVALID'],
      [{ visitor: { ...mother, nationality: 'EGY' } }, 'NATIONALITY_INVALID'],
      [{ visitor: { ...mother, nationality: 'SA' } }, 'VISITOR_IS_SAUDI'],
      [{ visitor: { ...mother, passportNumber: 'A1-2' } }, 'PASSPORT_NUMBER_INVALID'],
      [{ from: '2026-11-25' }, 'VISIT_DATES_INVALID'],
      [{ from: '2026-12-10', to: '2026-12-10' }, 'VISIT_DATES_INVALID'],
      [{ from: '2027-12-01', to: '2027-12-10' }, 'VISIT_DATES_INVALID'],
      [{ from: '2026-12-10', to: '2027-03-11' }, 'VISIT_TOO_LONG'],
    ];
    const before = (await platform.db.read.select().from(familyVisitVisas)).length;
    for (const [change, code] of cases) expect(codes(await apply(stranger, change)), code).toEqual([code]);
    expect(await platform.db.read.select().from(familyVisitVisas)).toHaveLength(before);
    expect(codes(await apply(stranger, { from: '2026-12-10', to: '2027-03-10' }))).toEqual([]);
    // One application at a time for the same visitor.
    expect(codes(await apply(stranger, { from: '2027-01-10', to: '2027-01-20' }))).toEqual(['VISA_APPLICATION_OPEN']);
    expect(await platform.db.read.select().from(familyVisitVisas)).toHaveLength(before + 1);
  });
});

describe('family visit visa access', () => {
  it('hides an application from other people (node and mutations) and refuses officer mutations to non-officers', async () => {
    const { visa } = await apply(applicant, { visitor: { ...mother, passportNumber: 'C1112223' } });
    expect((await platform.gql<any>(ops.NODE, { id: visa.id }, { token: applicant.accessToken })).data.node).toEqual({ __typename: 'FamilyVisitVisa', id: visa.id });
    expect((await platform.gql<any>(ops.NODE, { id: visa.id }, { token: officer.accessToken })).data.node).toEqual({ __typename: 'FamilyVisitVisa', id: visa.id });
    expect((await platform.gql<any>(ops.NODE, { id: visa.id }, { token: stranger.accessToken })).data.node).toBeNull();

    for (const [operation, input] of [
      [ops.DECIDE_VISA, { visaId: visa.id, decision: 'APPROVE' }],
      [ops.ISSUE_VISA, { visaId: visa.id }],
    ] as const) {
      const answer = await platform.gql<any>(operation, { input }, { token: applicant.accessToken });
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const queue = await platform.gql<any>(ops.VISA_QUEUE, { status: 'SUBMITTED' }, { token: stranger.accessToken });
    expect(queue.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await first(platform.db.read.select().from(familyVisitVisas).where(eq(familyVisitVisas.id, localIntIdOf(visa.id, 'FamilyVisitVisa')!))))?.status).toBe('SUBMITTED');

    // An officer's own application is decided by someone else.
    const own = await apply(officer, { visitor: { ...mother, passportNumber: 'D9998887' } });
    const selfApproved = await platform.gql<any>(ops.DECIDE_VISA, { input: { visaId: own.visa.id, decision: 'APPROVE' } }, { token: officer.accessToken });
    expect(codes(selfApproved.data.decideFamilyVisitVisa)).toEqual(['OWN_APPLICATION']);

    const unknown = await platform.gql<any>(ops.DECIDE_VISA, { input: { visaId: 'RmFtaWx5VmlzaXRWaXNhOjk5OTk5', decision: 'APPROVE' } }, { token: officer.accessToken });
    expect(codes(unknown.data.decideFamilyVisitVisa)).toEqual(['VISA_NOT_FOUND']);
  });
});
