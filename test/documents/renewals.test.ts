// Renewing documents: every rule of the renewal schedule and every refusal,
// then the whole path from a refusal for an unpaid violation to a renewed,
// VALID document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addDocument, addUnpaidDependentFee, addUnpaidViolation, billRow, documentRow, payBills } from '../helpers/documents.js';
import { renewals } from '../../src/modules/documents/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { trafficViolations } from '../../src/modules/registry/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

const today = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;

const RENEW = `mutation($input: RenewDocumentInput!) {
  renewDocument(input: $input) {
    renewal { id status periodMonths previousExpiresOn newExpiresOn bill { id number amount { amount currency } status kind } document { id status } }
    userErrors { field message code }
  }
}`;
const ELIGIBILITY = `query($id: ID!) {
  renewalEligibility(documentId: $id) {
    document { id }
    eligible
    blockers { code message unpaidCount unpaidAmount { amount currency } opensOn }
    quotes { periodMonths fee { amount currency } newExpiresOn isDefault }
  }
}`;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
});
afterAll(async () => {
  await platform.stop();
});

const citizen = async () => signInAccount(platform, await registerAccount(platform));
const resident = async () => signInAccount(platform, await registerAccount(platform, await addRegistryPerson(platform, { kind: 'RESIDENT' })));

async function renew(person: SignedIn, documentId: string, periodMonths?: number, headers: Record<string, string> = {}) {
  const answer = await platform.gql<any>(RENEW, { input: { documentId, ...(periodMonths ? { periodMonths } : {}) } }, { token: person.accessToken, headers });
  expect(answer.errors).toBeUndefined();
  return answer.data.renewDocument as { renewal: any; userErrors: Array<{ code: string; message: string; field: string[] | null }> };
}

async function eligibility(person: SignedIn, documentId: string) {
  const answer = await platform.gql<any>(ELIGIBILITY, { id: documentId }, { token: person.accessToken });
  expect(answer.errors).toBeUndefined();
  return answer.data.renewalEligibility;
}

const renewalsOf = async (documentId: number) => platform.db.read.select().from(renewals).where(eq(renewals.documentId, documentId));
const codes = (payload: { userErrors: Array<{ code: string }> }) => payload.userErrors.map((e) => e.code).sort();

describe('driving licence', () => {
  it('renews when under 365 days are left, for 2, 5 or 10 years at SAR 40 a year', async () => {
    const person = await citizen();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-11-24' }); // 364 days left
    const answer = await eligibility(person, licence.globalId);
    expect(answer).toEqual({
      document: { id: licence.globalId },
      eligible: true,
      blockers: [],
      quotes: [
        { periodMonths: 24, fee: { amount: '80.00', currency: 'SAR' }, newExpiresOn: '2029-11-24', isDefault: false },
        { periodMonths: 60, fee: { amount: '200.00', currency: 'SAR' }, newExpiresOn: '2032-11-24', isDefault: false },
        { periodMonths: 120, fee: { amount: '400.00', currency: 'SAR' }, newExpiresOn: '2037-11-24', isDefault: true },
      ],
    });

    const renewed = await renew(person, licence.globalId, 60);
    expect(renewed.userErrors).toEqual([]);
    expect(renewed.renewal).toMatchObject({
      status: 'PENDING_PAYMENT',
      periodMonths: 60,
      previousExpiresOn: '2027-11-24',
      newExpiresOn: null,
      bill: { amount: { amount: '200.00', currency: 'SAR' }, status: 'UNPAID', kind: 'DOCUMENT_RENEWAL' },
      document: { id: licence.globalId, status: 'RENEWAL_PENDING' },
    });
    const [row] = await renewalsOf(licence.id);
    expect(row).toMatchObject({ status: 'PENDING_PAYMENT', periodMonths: 60, accountId: expect.any(Number) });
    expect(await billRow(platform, row!.billId!)).toMatchObject({ kind: 'DOCUMENT_RENEWAL', subjectId: String(row!.id), amountHalalas: 200_00, personIdNumber: person.idNumber });
    expect((await documentRow(platform, licence.id)).expiresOn).toBe('2027-11-24'); // unchanged until paid
  });

  it('is refused outside the window, saying when it opens, and writes nothing', async () => {
    const person = await citizen();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-11-25' }); // exactly 365 days left
    const answer = await eligibility(person, licence.globalId);
    expect(answer.eligible).toBe(false);
    expect(answer.blockers).toEqual([
      expect.objectContaining({ code: 'OUTSIDE_RENEWAL_WINDOW', opensOn: '2026-11-26', unpaidCount: null, unpaidAmount: null }),
    ]);
    expect(answer.quotes).toHaveLength(3); // the prices are still shown

    const refused = await renew(person, licence.globalId);
    expect(refused.renewal).toBeNull();
    expect(refused.userErrors).toEqual([{ code: 'OUTSIDE_RENEWAL_WINDOW', field: null, message: expect.stringContaining('2026-11-26') }]);
    expect(await renewalsOf(licence.id)).toEqual([]);
  });

  it('refuses a period the schedule does not offer', async () => {
    const person = await citizen();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-01-01' });
    const refused = await renew(person, licence.globalId, 36);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'PERIOD_NOT_OFFERED', field: ['periodMonths'] })]);
    expect(await renewalsOf(licence.id)).toEqual([]);
    // Without a period, the default (10 years) is bought.
    const renewed = await renew(person, licence.globalId);
    expect(renewed.renewal).toMatchObject({ periodMonths: 120, bill: { amount: { amount: '400.00' } } });
  });
});

describe('unpaid traffic violations', () => {
  it('block the licence, the registration and the Iqama with UNPAID_VIOLATIONS, not the passport', async () => {
    const person = await resident();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-01-01' });
    const registration = await addDocument(platform, person.idNumber, { type: 'VEHICLE_REGISTRATION', expiresOn: '2027-01-01' });
    const iqama = await addDocument(platform, person.idNumber, { type: 'IQAMA', expiresOn: '2027-01-01' });
    await addUnpaidViolation(platform, person.idNumber, 300_00);
    await addUnpaidViolation(platform, person.idNumber, 150_00);

    for (const document of [licence, registration, iqama]) {
      const refused = await renew(person, document.globalId);
      expect(refused.renewal).toBeNull();
      expect(refused.userErrors).toEqual([{ code: 'UNPAID_VIOLATIONS', field: null, message: expect.stringContaining('450.00') }]);
      expect(await renewalsOf(document.id)).toEqual([]);
      const answer = await eligibility(person, document.globalId);
      expect(answer.blockers).toEqual([expect.objectContaining({ code: 'UNPAID_VIOLATIONS', unpaidCount: 2, unpaidAmount: { amount: '450.00', currency: 'SAR' } })]);
    }

    const arabic = await renew(person, licence.globalId, undefined, { 'accept-language': 'ar' });
    expect(arabic.userErrors[0]!.message).toMatch(/المخالفات|مخالفات/);
  });

  it('do not block a citizen\'s passport renewal (SAR 300 for 5 years, 600 for 10)', async () => {
    const person = await citizen();
    const passport = await addDocument(platform, person.idNumber, { type: 'PASSPORT', expiresOn: '2027-03-01' });
    await addUnpaidViolation(platform, person.idNumber);
    const answer = await eligibility(person, passport.globalId);
    expect(answer.eligible).toBe(true);
    expect(answer.quotes.map((q: any) => [q.periodMonths, q.fee.amount])).toEqual([[60, '300.00'], [120, '600.00']]);
    expect((await renew(person, passport.globalId, 120)).renewal.bill.amount.amount).toBe('600.00');
  });
});

describe('Iqama', () => {
  it('renews for 3, 6, 9 or 12 months at SAR 162.50 a quarter', async () => {
    const person = await resident();
    const iqama = await addDocument(platform, person.idNumber, { type: 'IQAMA', expiresOn: '2027-01-10' });
    const answer = await eligibility(person, iqama.globalId);
    expect(answer.quotes.map((q: any) => [q.periodMonths, q.fee.amount, q.newExpiresOn])).toEqual([
      [3, '162.50', '2027-04-10'],
      [6, '325.00', '2027-07-10'],
      [9, '487.50', '2027-10-10'],
      [12, '650.00', '2028-01-10'],
    ]);
    expect((await renew(person, iqama.globalId, 3)).renewal.bill.amount.amount).toBe('162.50');
  });

  it('needs unpaid dependant fees paid first, and names every blocker at once', async () => {
    const person = await resident();
    const iqama = await addDocument(platform, person.idNumber, { type: 'IQAMA', expiresOn: '2027-11-01' }); // outside the 90-day window
    await addUnpaidDependentFee(platform, person.idNumber, 400_00);
    await addUnpaidViolation(platform, person.idNumber, 500_00);
    const answer = await eligibility(person, iqama.globalId);
    expect(answer.blockers.map((b: any) => b.code)).toEqual(['OUTSIDE_RENEWAL_WINDOW', 'UNPAID_VIOLATIONS', 'UNPAID_DEPENDENT_FEES']);
    expect(answer.blockers[2]).toMatchObject({ unpaidCount: 1, unpaidAmount: { amount: '400.00' } });
    const refused = await renew(person, iqama.globalId);
    expect(codes(refused)).toEqual(['OUTSIDE_RENEWAL_WINDOW', 'UNPAID_DEPENDENT_FEES', 'UNPAID_VIOLATIONS']);
    expect(await renewalsOf(iqama.id)).toEqual([]);
  });

  it('is not blocked by dependant fees for a driving licence', async () => {
    const person = await resident();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-01-01' });
    await addUnpaidDependentFee(platform, person.idNumber);
    expect((await renew(person, licence.globalId)).userErrors).toEqual([]);
  });
});

describe('documents not renewable online', () => {
  it('refuses the national ID and a resident\'s (foreign) passport with NOT_RENEWABLE_ONLINE', async () => {
    const person = await citizen();
    const nationalId = await addDocument(platform, person.idNumber, { type: 'NATIONAL_ID', expiresOn: '2027-01-01' });
    const answer = await eligibility(person, nationalId.globalId);
    expect(answer).toMatchObject({ eligible: false, quotes: [], blockers: [{ code: 'NOT_RENEWABLE_ONLINE' }] });
    expect(codes(await renew(person, nationalId.globalId))).toEqual(['NOT_RENEWABLE_ONLINE']);

    const foreigner = await resident();
    const passport = await addDocument(platform, foreigner.idNumber, { type: 'PASSPORT', expiresOn: '2027-01-01' });
    expect(codes(await renew(foreigner, passport.globalId))).toEqual(['NOT_RENEWABLE_ONLINE']);
    expect((await renewalsOf(nationalId.id)).concat(await renewalsOf(passport.id))).toEqual([]);
  });
});

describe('a renewal already pending', () => {
  it('is not duplicated: the second request is refused and the first stays the only one', async () => {
    const person = await citizen();
    const registration = await addDocument(platform, person.idNumber, { type: 'VEHICLE_REGISTRATION', expiresOn: '2027-01-01' });
    const first = await renew(person, registration.globalId, 24);
    expect(first.renewal.bill.amount.amount).toBe('200.00');
    const second = await renew(person, registration.globalId, 12);
    expect(second.renewal).toBeNull();
    expect(second.userErrors).toEqual([expect.objectContaining({ code: 'RENEWAL_ALREADY_PENDING', field: ['documentId'] })]);
    expect(await renewalsOf(registration.id)).toHaveLength(1);
    expect((await eligibility(person, registration.globalId)).blockers.map((b: any) => b.code)).toEqual(['RENEWAL_ALREADY_PENDING']);
  });

  it('is not duplicated by concurrent requests either', async () => {
    const person = await citizen();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-01-01' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => renew(person, licence.globalId)));
    expect(answers.filter((a) => a.renewal !== null)).toHaveLength(1);
    expect(await renewalsOf(licence.id)).toHaveLength(1);
  });
});

describe('cancelling a pending renewal', () => {
  const CANCEL = `mutation($input: CancelDocumentRenewalInput!) { cancelDocumentRenewal(input: $input) { renewal { id status document { status } } userErrors { field code } } }`;
  const cancel = async (person: SignedIn, renewalId: string) =>
    (await platform.gql<any>(CANCEL, { input: { renewalId } }, { token: person.accessToken })).data.cancelDocumentRenewal;

  it('cancels the renewal and its bill, so another period can be chosen; only once, and only by the holder', async () => {
    const person = await citizen();
    const stranger = await citizen();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-01-01' });
    const first = await renew(person, licence.globalId, 24);

    const theirs = await cancel(stranger, first.renewal.id);
    expect(theirs).toEqual(await cancel(stranger, toGlobalId('DocumentRenewal', 777_777)));
    expect(theirs.userErrors).toEqual([{ field: ['renewalId'], code: 'RENEWAL_NOT_FOUND' }]);
    expect((await renewalsOf(licence.id))[0]!.status).toBe('PENDING_PAYMENT');

    const cancelled = await cancel(person, first.renewal.id);
    expect(cancelled).toEqual({ renewal: { id: first.renewal.id, status: 'CANCELLED', document: { status: 'EXPIRING_SOON' } }, userErrors: [] });
    const [row] = await renewalsOf(licence.id);
    expect((await billRow(platform, row!.billId!)).status).toBe('CANCELLED');
    expect((await cancel(person, first.renewal.id)).userErrors).toEqual([{ field: ['renewalId'], code: 'RENEWAL_NOT_PENDING' }]);

    const second = await renew(person, licence.globalId, 120);
    expect(second.userErrors).toEqual([]);
    expect((await renewalsOf(licence.id)).map((r) => r.status).sort()).toEqual(['CANCELLED', 'PENDING_PAYMENT']);
  });
});

describe('someone else\'s document', () => {
  it('answers exactly like an unknown ID and changes nothing', async () => {
    const owner = await citizen();
    const stranger = await citizen();
    const licence = await addDocument(platform, owner.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-01-01' });
    const theirs = await renew(stranger, licence.globalId);
    const unknown = await renew(stranger, toGlobalId('Document', 987_654));
    expect(theirs).toEqual(unknown);
    expect(theirs.userErrors).toEqual([expect.objectContaining({ code: 'DOCUMENT_NOT_FOUND' })]);
    expect(await eligibility(stranger, licence.globalId)).toBeNull();
    expect(await eligibility(stranger, 'not-an-id')).toBeNull();
    expect(await renewalsOf(licence.id)).toEqual([]);
  });
});

describe('the renewal path end to end', () => {
  it('refused while a violation is unpaid, renewed after paying it, VALID with a new expiry once the fee is paid', async () => {
    const person = await resident();
    const iqama = await addDocument(platform, person.idNumber, { type: 'IQAMA', expiresOn: '2027-01-15' }); // 51 days left
    const { violationId, bill: fine } = await addUnpaidViolation(platform, person.idNumber, 300_00);

    expect(codes(await renew(person, iqama.globalId, 12))).toEqual(['UNPAID_VIOLATIONS']);

    await payBills(platform, person.accessToken, [toGlobalId('Bill', fine.id)]);
    expect((await billRow(platform, fine.id)).status).toBe('PAID');
    expect((await first(platform.db.read.select().from(trafficViolations).where(eq(trafficViolations.id, violationId))))!.status).toBe('PAID');

    const renewed = await renew(person, iqama.globalId, 12);
    expect(renewed.userErrors).toEqual([]);
    expect(renewed.renewal.document.status).toBe('RENEWAL_PENDING');
    expect(renewed.renewal.bill.amount.amount).toBe('650.00');

    await payBills(platform, person.accessToken, [renewed.renewal.bill.id]);

    // The year counts from the current expiry, not from the payment day.
    expect(await documentRow(platform, iqama.id)).toMatchObject({ expiresOn: '2028-01-15', issuedOn: '2026-11-25' });
    const [row] = await renewalsOf(iqama.id);
    expect(row).toMatchObject({ status: 'COMPLETED', newExpiresOn: '2028-01-15', previousExpiresOn: '2027-01-15' });
    const documents = await platform.gql<any>(`{ me { documents { id status expiresOn pendingRenewal { id } } } }`, {}, { token: person.accessToken });
    expect(documents.data.me.documents).toEqual([{ id: iqama.globalId, status: 'VALID', expiresOn: '2028-01-15', pendingRenewal: null }]);
    const notes = await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, person.idNumber));
    expect(notes.filter((n) => n.kind === 'DOCUMENT_RENEWED')).toEqual([
      expect.objectContaining({ subjectId: iqama.globalId, bodyEn: expect.stringContaining('2028-01-15') }),
    ]);
  });

  it('counts a lapsed document\'s new validity from the day the fee is paid', async () => {
    const person = await citizen();
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2026-06-30' });
    const renewed = await renew(person, licence.globalId, 24);
    expect(renewed.userErrors).toEqual([]);
    await payBills(platform, person.accessToken, [renewed.renewal.bill.id]);
    expect((await documentRow(platform, licence.id)).expiresOn).toBe('2028-11-25');
  });
});
