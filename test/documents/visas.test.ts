// Exit and re-entry visas: who may have one, what it costs, what refuses it,
// and issuing, extending and cancelling, each through its VISA_FEE bill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addDocument, addUnpaidViolation, billRow, payBills } from '../helpers/documents.js';
import { exitReentryVisas, visaExtensions } from '../../src/modules/documents/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { bills } from '../../src/modules/payments/tables.js';
import { localIntIdOf, toGlobalId } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

const today = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;

const VISA_FIELDS = `id number type months status validFrom validUntil bill { id amount { amount } status kind } extensions { id months status bill { id amount { amount } } }`;
const ISSUE = `mutation($input: IssueExitReentryVisaInput!) { issueExitReentryVisa(input: $input) { visa { ${VISA_FIELDS} } userErrors { field message code } } }`;
const EXTEND = `mutation($input: ExtendExitReentryVisaInput!) { extendExitReentryVisa(input: $input) { visa { id } extension { id months status bill { id amount { amount } } } userErrors { field message code } } }`;
const CANCEL = `mutation($input: CancelExitReentryVisaInput!) { cancelExitReentryVisa(input: $input) { visa { id status } userErrors { field message code } } }`;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
});
afterAll(async () => {
  await platform.stop();
});

/** A resident with a valid Iqama and a passport valid for a year, unless told otherwise. */
async function resident(documents: { iqamaExpiresOn?: string | null; passportExpiresOn?: string | null } = {}): Promise<SignedIn> {
  const person = await signInAccount(platform, await registerAccount(platform, await addRegistryPerson(platform, { kind: 'RESIDENT' })));
  const iqama = documents.iqamaExpiresOn === undefined ? '2027-09-01' : documents.iqamaExpiresOn;
  const passport = documents.passportExpiresOn === undefined ? '2027-11-25' : documents.passportExpiresOn;
  if (iqama) await addDocument(platform, person.idNumber, { type: 'IQAMA', expiresOn: iqama });
  if (passport) await addDocument(platform, person.idNumber, { type: 'PASSPORT', expiresOn: passport });
  return person;
}

async function call(person: SignedIn, mutation: string, input: Record<string, unknown>) {
  const answer = await platform.gql<any>(mutation, { input }, { token: person.accessToken });
  expect(answer.errors).toBeUndefined();
  return Object.values(answer.data)[0] as any;
}
const issue = (person: SignedIn, type: string, months: number) => call(person, ISSUE, { type, months });
const extend = (person: SignedIn, visaId: string, months: number) => call(person, EXTEND, { visaId, months });
const cancel = (person: SignedIn, visaId: string) => call(person, CANCEL, { visaId });
const codes = (payload: { userErrors: Array<{ code: string }> }) => payload.userErrors.map((e) => e.code).sort();
const visasOf = async (idNumber: string) => platform.db.read.select().from(exitReentryVisas).where(eq(exitReentryVisas.personIdNumber, idNumber));

describe('who may have a visa', () => {
  it('refuses a citizen', async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    await addDocument(platform, person.idNumber, { type: 'PASSPORT', expiresOn: '2030-01-01' });
    const refused = await issue(person, 'SINGLE', 2);
    expect(refused).toEqual({ visa: null, userErrors: [expect.objectContaining({ code: 'NOT_A_RESIDENT' })] });
    expect(await visasOf(person.idNumber)).toEqual([]);
  });

  it('refuses a passport with under 90 days left, unpaid violations and a lapsed Iqama, all at once', async () => {
    const person = await resident({ iqamaExpiresOn: '2026-11-24', passportExpiresOn: '2027-02-22' }); // 89 days of passport
    await addUnpaidViolation(platform, person.idNumber);
    const refused = await issue(person, 'MULTIPLE', 3);
    expect(refused.visa).toBeNull();
    expect(codes(refused)).toEqual(['IQAMA_NOT_VALID', 'PASSPORT_EXPIRING', 'UNPAID_VIOLATIONS']);
    expect(await visasOf(person.idNumber)).toEqual([]);
  });

  it('accepts a passport with exactly 90 days left', async () => {
    const person = await resident({ passportExpiresOn: '2027-02-23' });
    expect((await issue(person, 'SINGLE', 2)).userErrors).toEqual([]);
  });

  it('refuses a resident without a passport on record', async () => {
    const person = await resident({ passportExpiresOn: null });
    expect(codes(await issue(person, 'SINGLE', 2))).toEqual(['PASSPORT_EXPIRING']);
  });
});

describe('fees', () => {
  it('charges SAR 200 for a 2-month single visa and SAR 100 per further month; SAR 500 for a 3-month multiple and SAR 200 per further month', async () => {
    const person = await resident();
    const cases: Array<[string, number, string]> = [
      ['SINGLE', 2, '200.00'],
      ['SINGLE', 5, '500.00'],
      ['MULTIPLE', 3, '500.00'],
      ['MULTIPLE', 6, '1100.00'],
    ];
    for (const [type, months, fee] of cases) {
      const issued = await issue(person, type, months);
      expect(issued.userErrors).toEqual([]);
      expect(issued.visa).toMatchObject({ type, months, status: 'PENDING_PAYMENT', number: null, validFrom: null, bill: { amount: { amount: fee }, status: 'UNPAID', kind: 'VISA_FEE' } });
      expect((await cancel(person, issued.visa.id)).visa.status).toBe('CANCELLED');
    }
  });

  it('refuses durations outside the tariff', async () => {
    const person = await resident();
    for (const [type, months] of [['SINGLE', 1], ['MULTIPLE', 2], ['SINGLE', 13], ['MULTIPLE', 0]] as const) {
      const refused = await issue(person, type, months);
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'VISA_MONTHS_INVALID', field: ['months'] })]);
    }
    expect(await visasOf(person.idNumber)).toEqual([]);
  });
});

describe('issuing, extending and cancelling', () => {
  it('issues the visa when its bill is paid, extends it when the extension\'s bill is paid, and tells the holder', async () => {
    const person = await resident();
    const requested = await issue(person, 'SINGLE', 2);
    const visaId = requested.visa.id as string;
    const localId = localIntIdOf(visaId, 'ExitReentryVisa')!;
    expect((await billRow(platform, localIntIdOf(requested.visa.bill.id, 'Bill')!)).subjectId).toBe(`visa:${localId}`);

    // One visa at a time, and no extension before it is issued.
    expect(codes(await issue(person, 'MULTIPLE', 3))).toEqual(['VISA_ALREADY_ACTIVE']);
    expect(codes(await extend(person, visaId, 1))).toEqual(['VISA_NOT_ISSUED']);

    await payBills(platform, person.accessToken, [requested.visa.bill.id]);
    const issued = (await first(platform.db.read.select().from(exitReentryVisas).where(eq(exitReentryVisas.id, localId))))!;
    expect(issued).toMatchObject({ status: 'ISSUED', validFrom: '2026-11-25', validUntil: '2027-01-25', number: expect.stringMatching(/^ERV\d{9}$/) });

    const extension = await extend(person, visaId, 3);
    expect(extension.userErrors).toEqual([]);
    expect(extension.extension).toMatchObject({ months: 3, status: 'PENDING_PAYMENT', bill: { amount: { amount: '300.00' } } });
    const extensionId = localIntIdOf(extension.extension.id, 'ExitReentryVisaExtension')!;
    expect((await billRow(platform, localIntIdOf(extension.extension.bill.id, 'Bill')!)).subjectId).toBe(`visa-extension:${extensionId}`);
    expect(codes(await extend(person, visaId, 1))).toEqual(['EXTENSION_ALREADY_PENDING']);

    await payBills(platform, person.accessToken, [extension.extension.bill.id]);
    expect(await first(platform.db.read.select().from(exitReentryVisas).where(eq(exitReentryVisas.id, localId)))).toMatchObject({ months: 5, validUntil: '2027-04-25' });
    expect((await first(platform.db.read.select().from(visaExtensions).where(eq(visaExtensions.id, extensionId))))!.status).toBe('APPLIED');

    const listed = await platform.gql<any>(`{ me { exitReentryVisas(first: 10) { totalCount edges { node { id status validUntil extensions { status } } } } } }`, {}, { token: person.accessToken });
    expect(listed.data.me.exitReentryVisas).toEqual({
      totalCount: 1,
      edges: [{ node: { id: visaId, status: 'ISSUED', validUntil: '2027-04-25', extensions: [{ status: 'APPLIED' }] } }],
    });
    const kinds = (await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, person.idNumber))).filter((n) => n.kind === 'EXIT_REENTRY_VISA');
    expect(kinds.map((n) => n.titleEn)).toEqual(['Your exit and re-entry visa is issued', 'Your exit and re-entry visa is extended']);
    expect(kinds.every((n) => n.subjectId === visaId)).toBe(true);
  });

  it('refuses an extension past 12 months in all, or while a violation is unpaid', async () => {
    const person = await resident();
    const requested = await issue(person, 'MULTIPLE', 10);
    await payBills(platform, person.accessToken, [requested.visa.bill.id]);
    expect((await extend(person, requested.visa.id, 3)).userErrors).toEqual([expect.objectContaining({ code: 'VISA_MONTHS_INVALID', message: 'Choose from 1 to 2 months.' })]);
    await addUnpaidViolation(platform, person.idNumber);
    expect(codes(await extend(person, requested.visa.id, 2))).toEqual(['UNPAID_VIOLATIONS']);
    expect((await platform.db.read.select().from(visaExtensions)).filter((e) => e.visaId === localIntIdOf(requested.visa.id, 'ExitReentryVisa'))).toEqual([]);
  });

  it('cancels a visa with its unpaid bill, once', async () => {
    const person = await resident();
    const requested = await issue(person, 'SINGLE', 3);
    const cancelled = await cancel(person, requested.visa.id);
    expect(cancelled).toEqual({ visa: { id: requested.visa.id, status: 'CANCELLED' }, userErrors: [] });
    expect((await billRow(platform, localIntIdOf(requested.visa.bill.id, 'Bill')!)).status).toBe('CANCELLED');
    expect(codes(await cancel(person, requested.visa.id))).toEqual(['VISA_ALREADY_CANCELLED']);
    // Cancelled, it no longer stops a new visa.
    expect((await issue(person, 'SINGLE', 2)).userErrors).toEqual([]);
  });

  it('refuses to cancel while a payment holds the visa\'s bill', async () => {
    const person = await resident();
    const requested = await issue(person, 'SINGLE', 2);
    const billId = localIntIdOf(requested.visa.bill.id, 'Bill')!;
    // As payBills leaves a bill between reserving it and hearing from the gateway.
    await platform.db.atomically(async (tx) => {
      await tx.update(bills).set({ reservedByPaymentId: 424_242 }).where(eq(bills.id, billId));
    });
    expect((await cancel(person, requested.visa.id)).userErrors).toEqual([expect.objectContaining({ code: 'PAYMENT_IN_PROGRESS' })]);
    expect((await billRow(platform, billId)).status).toBe('UNPAID');
    expect((await visasOf(person.idNumber))[0]!.status).toBe('PENDING_PAYMENT');
  });

  it('cancels an issued visa with its pending extension\'s bill', async () => {
    const person = await resident();
    const requested = await issue(person, 'SINGLE', 2);
    await payBills(platform, person.accessToken, [requested.visa.bill.id]);
    const extension = await extend(person, requested.visa.id, 1);
    expect((await cancel(person, requested.visa.id)).userErrors).toEqual([]);
    expect((await billRow(platform, localIntIdOf(extension.extension.bill.id, 'Bill')!)).status).toBe('CANCELLED');
    expect((await billRow(platform, localIntIdOf(requested.visa.bill.id, 'Bill')!)).status).toBe('PAID'); // no refund
  });

  it('answers someone else\'s visa exactly like an unknown one, for every operation and node(id:)', async () => {
    const owner = await resident();
    const stranger = await resident();
    const requested = await issue(owner, 'SINGLE', 2);
    const unknownId = toGlobalId('ExitReentryVisa', 999_999);
    expect(await cancel(stranger, requested.visa.id)).toEqual(await cancel(stranger, unknownId));
    expect(codes(await cancel(stranger, requested.visa.id))).toEqual(['VISA_NOT_FOUND']);
    expect(await extend(stranger, requested.visa.id, 1)).toEqual(await extend(stranger, unknownId, 1));
    const node = await platform.gql<any>(`query($id: ID!) { node(id: $id) { id } }`, { id: requested.visa.id }, { token: stranger.accessToken });
    expect(node.data.node).toBeNull();
    const own = await platform.gql<any>(`query($id: ID!) { node(id: $id) { id ... on ExitReentryVisa { status } } }`, { id: requested.visa.id }, { token: owner.accessToken });
    expect(own.data.node).toEqual({ id: requested.visa.id, status: 'PENDING_PAYMENT' });
    expect((await visasOf(owner.idNumber))[0]!.status).toBe('PENDING_PAYMENT');
  });
});
