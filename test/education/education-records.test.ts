// Education records through GraphQL over HTTP: a person submits, an education
// officer verifies or rejects, only verified records are official, and the
// person is notified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { localIdOf, signedInWithRoles } from '../helpers/notifications.js';
import { educationRecords } from '../../src/modules/education/tables.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

const RECORD_FIELDS = `id institution degree field graduationYear status official decisionNote submittedAt decidedAt`;
const SUBMIT = `mutation($input: SubmitEducationUpdateInput!) { submitEducationUpdate(input: $input) { record { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const DECIDE = `mutation($input: DecideEducationUpdateInput!) { decideEducationUpdate(input: $input) { record { ${RECORD_FIELDS} } userErrors { field message code } } }`;
const PENDING = `query($first: Int, $after: String) { pendingEducationUpdates(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id degree status person { idNumber } } } } }`;
const MINE = `query { me { educationRecords { ${RECORD_FIELDS} } } }`;
const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on EducationRecord { degree } } }`;
const NOTICES = `query { me { notifications(first: 1) { edges { node { kind title body subjectId } } } } }`;

// The platform's clock: "this year" is 2026.
const today = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;
let amal: SignedIn;
let badr: SignedIn;
let officer: SignedIn;
let graduation = 2000;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
  amal = await signInAccount(platform, await registerAccount(platform));
  badr = await signInAccount(platform, await registerAccount(platform));
  officer = await signedInWithRoles(platform, ['EDUCATION_OFFICER']);
});
afterAll(() => platform.stop());

const recordRow = async (globalId: string) => (await first(platform.db.read.select().from(educationRecords).where(eq(educationRecords.id, localIdOf(globalId)))))!;
const recordCount = async () => (await first(platform.db.read.select({ n: count() }).from(educationRecords)))!.n;
const pendingCount = async () => (await first(platform.db.read.select({ n: count() }).from(educationRecords).where(eq(educationRecords.status, 'SUBMITTED'))))!.n;

async function submit(person: SignedIn, overrides: Record<string, unknown> = {}): Promise<string> {
  graduation += 1; // a distinct qualification each time, so no duplicate
  const answer = await platform.gql<any>(SUBMIT, {
    input: { institution: 'King Saud University', degree: 'Bachelor of Science', field: 'Computer Science', graduationYear: graduation, ...overrides },
  }, { token: person.accessToken });
  const record = answer.data.submitEducationUpdate.record;
  if (!record) throw new Error(JSON.stringify(answer));
  return record.id;
}

describe('submitting a qualification', () => {
  it('records it as submitted, not official', async () => {
    const answer = await platform.gql<any>(SUBMIT, {
      input: { institution: ' King Abdulaziz University ', degree: 'Master of Engineering', field: '', graduationYear: 2015 },
    }, { token: amal.accessToken });
    const { record, userErrors } = answer.data.submitEducationUpdate;
    expect(userErrors).toEqual([]);
    expect(record).toMatchObject({
      institution: 'King Abdulaziz University', degree: 'Master of Engineering', field: null, graduationYear: 2015,
      status: 'SUBMITTED', official: false, decisionNote: null, decidedAt: null, submittedAt: '2026-11-25T09:00:00.000Z',
    });
    expect(await recordRow(record.id)).toMatchObject({ personIdNumber: amal.idNumber, status: 'SUBMITTED', submittedByAccountId: localIdOf(amal.accountId) });
  });

  it('accepts this year, and refuses next year and a year before the person was born', async () => {
    expect(await submit(amal, { graduationYear: 2026 })).toBeTruthy();
    const before = await recordCount();
    for (const graduationYear of [2027, 1989, -5]) {
      const answer = await platform.gql<any>(SUBMIT, { input: { institution: 'Qassim University', degree: 'Diploma', graduationYear } }, { token: amal.accessToken });
      expect(answer.data.submitEducationUpdate).toMatchObject({ record: null, userErrors: [{ code: 'GRADUATION_YEAR_INVALID', field: ['graduationYear'] }] });
      expect(answer.data.submitEducationUpdate.userErrors[0].message).toContain('2026');
    }
    expect(await recordCount()).toBe(before);
  });

  it('refuses names out of bounds, one userError per field, in the caller\'s language', async () => {
    const before = await recordCount();
    const answer = await platform.gql<any>(SUBMIT, {
      input: { institution: 'K', degree: 'x'.repeat(121), field: 'f'.repeat(121), graduationYear: 2010 },
    }, { token: amal.accessToken, headers: { 'accept-language': 'ar' } });
    const errors = answer.data.submitEducationUpdate.userErrors;
    expect(errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INSTITUTION_INVALID', ['institution']], ['DEGREE_INVALID', ['degree']], ['FIELD_TOO_LONG', ['field']],
    ]);
    expect(errors[0].message).toMatch(/المؤسسة/);
    expect(await recordCount()).toBe(before);
  });

  it('refuses the same qualification twice while it waits or is verified (case aside)', async () => {
    await submit(amal, { institution: 'Umm Al-Qura University', degree: 'Bachelor of Arts', graduationYear: 2012 });
    const answer = await platform.gql<any>(SUBMIT, { input: { institution: 'umm al-qura university', degree: 'BACHELOR OF ARTS', graduationYear: 2012 } }, { token: amal.accessToken });
    expect(answer.data.submitEducationUpdate.userErrors[0].code).toBe('DUPLICATE_RECORD');
  });

  it('needs a signed-in person', async () => {
    const answer = await platform.gql<any>(SUBMIT, { input: { institution: 'Qassim University', degree: 'Diploma', graduationYear: 2010 } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('an education officer deciding', () => {
  it('verifies a record: it becomes official and the person is notified in their language', async () => {
    const recordId = await submit(amal, { degree: 'Bachelor of Medicine' });
    const answer = await platform.gql<any>(DECIDE, { input: { recordId, verify: true } }, { token: officer.accessToken });
    expect(answer.data.decideEducationUpdate.userErrors).toEqual([]);
    expect(answer.data.decideEducationUpdate.record).toMatchObject({ status: 'VERIFIED', official: true, decidedAt: '2026-11-25T09:00:00.000Z' });
    expect(await recordRow(recordId)).toMatchObject({ status: 'VERIFIED', decidedByAccountId: localIdOf(officer.accountId) });

    const english = await platform.gql<any>(NOTICES, {}, { token: amal.accessToken });
    expect(english.data.me.notifications.edges[0].node).toMatchObject({
      kind: 'EDUCATION_RECORD_VERIFIED', title: 'Your qualification was verified', subjectId: recordId,
      body: expect.stringContaining('Bachelor of Medicine'),
    });
    const arabic = await platform.gql<any>(NOTICES, {}, { token: amal.accessToken, headers: { 'accept-language': 'ar' } });
    expect(arabic.data.me.notifications.edges[0].node.title).toBe('تم التحقق من مؤهلك العلمي');
  });

  it('rejects a record only with a reason, which the person reads; it is not official', async () => {
    const recordId = await submit(amal, { degree: 'Doctor of Philosophy' });
    const without = await platform.gql<any>(DECIDE, { input: { recordId, verify: false, note: '  ' } }, { token: officer.accessToken });
    expect(without.data.decideEducationUpdate.userErrors[0]).toMatchObject({ code: 'NOTE_REQUIRED', field: ['note'] });
    expect((await recordRow(recordId)).status).toBe('SUBMITTED');

    const tooLong = await platform.gql<any>(DECIDE, { input: { recordId, verify: false, note: 'n'.repeat(501) } }, { token: officer.accessToken });
    expect(tooLong.data.decideEducationUpdate.userErrors[0].code).toBe('NOTE_TOO_LONG');

    const rejected = await platform.gql<any>(DECIDE, { input: { recordId, verify: false, note: 'The university has no record of this degree.' } }, { token: officer.accessToken });
    expect(rejected.data.decideEducationUpdate.record).toMatchObject({ status: 'REJECTED', official: false, decisionNote: 'The university has no record of this degree.' });
    const notices = await platform.gql<any>(NOTICES, {}, { token: amal.accessToken });
    expect(notices.data.me.notifications.edges[0].node).toMatchObject({ kind: 'EDUCATION_RECORD_REJECTED', body: expect.stringContaining('no record of this degree') });
  });

  it('decides once: a second decision is refused and changes nothing', async () => {
    const recordId = await submit(amal);
    await platform.gql(DECIDE, { input: { recordId, verify: true } }, { token: officer.accessToken });
    const again = await platform.gql<any>(DECIDE, { input: { recordId, verify: false, note: 'Changed my mind' } }, { token: officer.accessToken });
    expect(again.data.decideEducationUpdate.userErrors[0].code).toBe('ALREADY_DECIDED');
    expect((await recordRow(recordId)).status).toBe('VERIFIED');
  });

  it('of two officers deciding one record at once, exactly one decides and one notification is sent', async () => {
    const second = await signedInWithRoles(platform, ['EDUCATION_OFFICER']);
    const recordId = await submit(amal);
    const [a, b] = await Promise.all([
      platform.gql<any>(DECIDE, { input: { recordId, verify: true } }, { token: officer.accessToken }),
      platform.gql<any>(DECIDE, { input: { recordId, verify: false, note: 'Not on file' } }, { token: second.accessToken }),
    ]);
    const codes = [a.data.decideEducationUpdate, b.data.decideEducationUpdate].map((p: any) => p.userErrors[0]?.code ?? 'DECIDED');
    expect(codes.sort()).toEqual(['ALREADY_DECIDED', 'DECIDED']);
    const about = await platform.db.read.select().from(notifications).where(eq(notifications.subjectId, recordId));
    expect(about).toHaveLength(1);
    expect(about[0]!.kind).toBe((await recordRow(recordId)).status === 'VERIFIED' ? 'EDUCATION_RECORD_VERIFIED' : 'EDUCATION_RECORD_REJECTED');
  });

  it('may not decide on their own record', async () => {
    const recordId = await submit(officer);
    const answer = await platform.gql<any>(DECIDE, { input: { recordId, verify: true } }, { token: officer.accessToken });
    expect(answer.data.decideEducationUpdate.userErrors[0].code).toBe('OWN_RECORD');
    expect((await recordRow(recordId)).status).toBe('SUBMITTED');
  });

  it('refuses an unknown record and an ID of another type alike', async () => {
    for (const recordId of [toGlobalId('EducationRecord', 999_999), toGlobalId('SupportTicket', 1), 'garbage']) {
      const answer = await platform.gql<any>(DECIDE, { input: { recordId, verify: true } }, { token: officer.accessToken });
      expect(answer.data.decideEducationUpdate.userErrors[0].code).toBe('RECORD_NOT_FOUND');
    }
  });

  it('lists the records waiting, oldest first, in pages, with whose they are', async () => {
    const all = await platform.gql<any>(PENDING, { first: 100 }, { token: officer.accessToken });
    const waiting = await platform.db.read.select().from(educationRecords).where(eq(educationRecords.status, 'SUBMITTED'));
    expect(all.data.pendingEducationUpdates.totalCount).toBe(waiting.length);
    expect(all.data.pendingEducationUpdates.edges.map((e: any) => localIdOf(e.node.id))).toEqual(waiting.map((r) => r.id).sort((a, b) => a - b));
    expect(all.data.pendingEducationUpdates.edges.every((e: any) => e.node.status === 'SUBMITTED')).toBe(true);
    expect(all.data.pendingEducationUpdates.edges[0].node.person.idNumber).toBe(amal.idNumber);

    const page1 = await platform.gql<any>(PENDING, { first: 2 }, { token: officer.accessToken });
    const page2 = await platform.gql<any>(PENDING, { first: 2, after: page1.data.pendingEducationUpdates.pageInfo.endCursor }, { token: officer.accessToken });
    expect([...page1.data.pendingEducationUpdates.edges, ...page2.data.pendingEducationUpdates.edges].map((e: any) => e.node.id))
      .toEqual(all.data.pendingEducationUpdates.edges.slice(0, 4).map((e: any) => e.node.id));
  });
});

describe("an officer reading a person's records", () => {
  const logOf = async (idNumber: string) => platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, idNumber));

  it('leaves one access-log row per person shown, for the page shown only', async () => {
    const [first, second] = [await signInAccount(platform, await registerAccount(platform)), await signInAccount(platform, await registerAccount(platform))];
    await submit(first);
    await submit(first);
    const recordId = await submit(second);
    const waiting = await pendingCount();

    // A page that ends before `second`'s record: only the people on it are logged.
    const page = await platform.gql<any>(PENDING, { first: waiting - 1 }, { token: officer.accessToken });
    expect(page.data.pendingEducationUpdates.pageInfo.hasNextPage).toBe(true);
    expect(await logOf(first.idNumber)).toEqual([expect.objectContaining({
      accessorKind: 'OFFICER', accessorId: String(localIdOf(officer.accountId)), accessorRole: 'EDUCATION_OFFICER',
      dataCategory: 'EDUCATION_RECORD', occurredAt: today,
    })]);
    expect(await logOf(second.idNumber)).toEqual([]);

    await platform.gql(NODE, { id: recordId }, { token: second.accessToken });
    expect(await logOf(second.idNumber)).toEqual([]);
    await platform.gql(NODE, { id: recordId }, { token: officer.accessToken });
    expect(await logOf(second.idNumber)).toHaveLength(1);
  });
});

describe('officer operations by a non-officer', () => {
  it('are FORBIDDEN and change nothing', async () => {
    const recordId = await submit(amal);
    const pending = await platform.gql<any>(PENDING, {}, { token: amal.accessToken });
    const decide = await platform.gql<any>(DECIDE, { input: { recordId, verify: true } }, { token: amal.accessToken });
    const supportAgent = await signedInWithRoles(platform, ['SUPPORT_AGENT']);
    const byAgent = await platform.gql<any>(DECIDE, { input: { recordId, verify: true } }, { token: supportAgent.accessToken });
    for (const refused of [pending, decide, byAgent]) expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await recordRow(recordId)).status).toBe('SUBMITTED');
  });
});

describe("a person's records", () => {
  it('lists their own records, newest first, official only when verified', async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    const first = await submit(person, { degree: 'High School Diploma' });
    const second = await submit(person, { degree: 'Bachelor of Law' });
    await platform.gql(DECIDE, { input: { recordId: first, verify: true } }, { token: officer.accessToken });

    const answer = await platform.gql<any>(MINE, {}, { token: person.accessToken });
    expect(answer.data.me.educationRecords.map((r: any) => [r.id, r.status, r.official])).toEqual([
      [second, 'SUBMITTED', false],
      [first, 'VERIFIED', true],
    ]);
    const others = await platform.gql<any>(MINE, {}, { token: badr.accessToken });
    expect(others.data.me.educationRecords).toEqual([]);
  });

  it('are null through node(id:) for another person, as an unknown ID, and visible to the owner and officers', async () => {
    const recordId = await submit(amal, { degree: 'Associate Degree' });
    const other = await platform.gql<any>(NODE, { id: recordId }, { token: badr.accessToken });
    const unknown = await platform.gql<any>(NODE, { id: toGlobalId('EducationRecord', 999_999) }, { token: badr.accessToken });
    expect(other.data.node).toBeNull();
    expect(other).toEqual(unknown);
    for (const viewer of [amal, officer]) {
      const seen = await platform.gql<any>(NODE, { id: recordId }, { token: viewer.accessToken });
      expect(seen.data.node).toMatchObject({ __typename: 'EducationRecord', degree: 'Associate Degree' });
    }
  });
});
