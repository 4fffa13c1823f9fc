// Traffic violations: the person's list, paying a fine, objecting within 30
// days, and the traffic officer's work (issuing, deciding objections, refunds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, type SignedIn } from '../helpers/people.js';
import { addViolation, driversAndOfficer, violationRow } from '../helpers/violations.js';
import { bills, payments, refunds } from '../../src/modules/payments/tables.js';
import { objections } from '../../src/modules/violations/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

const DAY = 24 * 60 * 60 * 1000;

const VIOLATIONS = `query($status: ViolationStatus) { me { trafficViolations(status: $status, first: 10) { totalCount edges { node {
  id number status plate city issuedAt objectionDeadline amount { amount currency } description { ar en }
  bill { id status onHold amount { amount } } pendingObjection { id status } } } } } }`;
const PAY = `mutation($input: PayBillsInput!) { payBills(input: $input) { payment { id status } userErrors { code field } } }`;
const OBJECT = `mutation($input: ObjectToViolationInput!) { objectToViolation(input: $input) {
  objection { id status reason violation { id status bill { onHold } } } userErrors { code field message } } }`;
const ISSUE = `mutation($input: IssueTrafficViolationInput!) { issueTrafficViolation(input: $input) {
  violation { id number status amount { amount } issuedAt bill { id status kind amount { amount } } } userErrors { code field } } }`;
const DECIDE = `mutation($input: DecideViolationObjectionInput!) { decideViolationObjection(input: $input) {
  objection { id status decisionNote decidedAt violation { id status } } userErrors { code field } } }`;
const PENDING = `{ pendingViolationObjections(first: 100) { totalCount edges { node { id reason violation { id number } } } } }`;

const clock = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;
let driver: SignedIn;
let other: SignedIn;
let officer: SignedIn;
let keys = 0;

const localId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const billRow = async (id: number) => (await first(platform.db.read.select().from(bills).where(eq(bills.id, id))))!;
const daysAgo = (days: number) => new Date(clock.getTime() - days * DAY);

const payBill = (who: SignedIn, billId: string) =>
  platform.gql<any>(PAY, { input: { billIds: [billId], idempotencyKey: `v-${++keys}`, paymentMethod: { cardToken: 'tok_visa' } } }, { token: who.accessToken });
const object = (who: SignedIn, violationId: string, reason = 'I was not driving the car that day.', language?: string) =>
  platform.gql<any>(OBJECT, { input: { violationId, reason } }, { token: who.accessToken, headers: language ? { 'accept-language': language } : {} });
const decide = (who: SignedIn, objectionId: string, accept: boolean, note?: string) =>
  platform.gql<any>(DECIDE, { input: { objectionId, accept, note } }, { token: who.accessToken });

async function ledgerBalances(): Promise<void> {
  const ledger = await platform.services.payments.ledger();
  expect(ledger.succeededHalalas - ledger.refundedHalalas).toBe(ledger.paidBillsHalalas);
}

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => clock });
  ({ driver, other, officer } = await driversAndOfficer(platform));
});

afterAll(async () => {
  await platform?.stop();
});

describe("a person's violations", () => {
  it('lists them with their bills, filters by status, and paying the bill marks the violation PAID', async () => {
    const unpaid = await addViolation(platform, driver.idNumber, { amountHalalas: 50_000, issuedAt: daysAgo(3) });
    await addViolation(platform, other.idNumber);
    const listed = await platform.gql<any>(VIOLATIONS, { status: 'UNPAID' }, { token: driver.accessToken });
    const node = listed.data.me.trafficViolations.edges.find((e: any) => e.node.id === unpaid.violationId).node;
    expect(node).toMatchObject({
      status: 'UNPAID', plate: 'ABC 1234', city: 'Riyadh', amount: { amount: '500.00', currency: 'SAR' }, description: { en: 'Speeding', ar: 'تجاوز السرعة' },
      bill: { id: unpaid.billId, status: 'UNPAID', onHold: false, amount: { amount: '500.00' } }, pendingObjection: null,
      issuedAt: daysAgo(3).toISOString(), objectionDeadline: new Date(daysAgo(3).getTime() + 30 * DAY).toISOString(),
    });
    expect(listed.data.me.trafficViolations.edges.every((e: any) => e.node.status === 'UNPAID')).toBe(true);

    const paid = await payBill(driver, unpaid.billId);
    expect(paid.data.payBills.payment.status).toBe('SUCCEEDED');
    expect((await violationRow(platform, unpaid.violation.id))?.status).toBe('PAID');
    const afterwards = await platform.gql<any>(VIOLATIONS, { status: 'PAID' }, { token: driver.accessToken });
    expect(afterwards.data.me.trafficViolations.edges.map((e: any) => e.node.id)).toContain(unpaid.violationId);
    const stillUnpaid = await platform.gql<any>(VIOLATIONS, { status: 'UNPAID' }, { token: driver.accessToken });
    expect(stillUnpaid.data.me.trafficViolations.edges.map((e: any) => e.node.id)).not.toContain(unpaid.violationId);
    await ledgerBalances();
  });

  it('shows a violation to its person only through node(id)', async () => {
    const { violationId } = await addViolation(platform, driver.idNumber);
    const query = `query($id: ID!) { node(id: $id) { id ... on TrafficViolation { number } } }`;
    expect((await platform.gql<any>(query, { id: violationId }, { token: driver.accessToken })).data.node).toMatchObject({ id: violationId });
    expect((await platform.gql<any>(query, { id: violationId }, { token: other.accessToken })).data.node).toBeNull();
  });
});

describe('objections', () => {
  it('puts the violation under objection and its bill on hold, so it cannot be paid', async () => {
    const v = await addViolation(platform, driver.idNumber, { issuedAt: daysAgo(29) });
    const answer = await object(driver, v.violationId);
    expect(answer.data.objectToViolation).toMatchObject({
      userErrors: [],
      objection: { status: 'PENDING', reason: 'I was not driving the car that day.', violation: { id: v.violationId, status: 'UNDER_OBJECTION', bill: { onHold: true } } },
    });
    expect((await billRow(v.bill.id)).onHold).toBe(true);
    const pay = await payBill(driver, v.billId);
    expect(pay.data.payBills.userErrors.map((e: any) => e.code)).toEqual(['BILL_ON_HOLD']);
    expect((await billRow(v.bill.id)).status).toBe('UNPAID');

    const duplicate = await object(driver, v.violationId, 'Again.');
    expect(duplicate.data.objectToViolation).toMatchObject({ objection: null, userErrors: [{ code: 'OBJECTION_ALREADY_PENDING' }] });
    expect(await platform.db.read.select().from(objections).where(eq(objections.violationId, v.violation.id))).toHaveLength(1);
  });

  it('refuses an objection after 30 days, an empty or over-long reason, and others\' or unknown violations alike', async () => {
    const old = await addViolation(platform, driver.idNumber, { issuedAt: daysAgo(31) });
    const fresh = await addViolation(platform, driver.idNumber, { issuedAt: daysAgo(1) });
    const theirs = await addViolation(platform, other.idNumber, { issuedAt: daysAgo(1) });

    const late = await object(driver, old.violationId, 'Too late?', 'ar');
    expect(late.data.objectToViolation.userErrors).toEqual([
      { code: 'OBJECTION_WINDOW_CLOSED', field: ['violationId'], message: 'لا يمكن تقديم الاعتراض إلا خلال 30 يومًا من تاريخ المخالفة.' },
    ]);
    expect((await object(driver, fresh.violationId, '   ')).data.objectToViolation.userErrors[0].code).toBe('OBJECTION_REASON_REQUIRED');
    expect((await object(driver, fresh.violationId, 'x'.repeat(2001))).data.objectToViolation.userErrors[0].code).toBe('OBJECTION_REASON_TOO_LONG');

    const foreign = await object(driver, theirs.violationId);
    const unknown = await object(driver, toGlobalId('TrafficViolation', 99_999_999));
    const wrongType = await object(driver, toGlobalId('Bill', theirs.violation.id));
    expect(foreign.data).toEqual(unknown.data);
    expect(wrongType.data).toEqual(unknown.data);
    expect(unknown.data.objectToViolation.userErrors[0].code).toBe('VIOLATION_NOT_FOUND');

    for (const v of [old, fresh, theirs]) {
      expect((await violationRow(platform, v.violation.id))?.status).toBe('UNPAID');
      expect((await billRow(v.bill.id)).onHold).toBe(false);
    }
    expect(await platform.db.read.select().from(objections).where(eq(objections.violationId, theirs.violation.id))).toEqual([]);
  });

  it('refuses objections to a violation while its payment is being charged', async () => {
    const v = await addViolation(platform, driver.idNumber);
    await platform.db.atomically(async (tx) => {
      await tx.update(bills).set({ reservedByPaymentId: 999_999 }).where(eq(bills.id, v.bill.id));
    });
    expect((await object(driver, v.violationId)).data.objectToViolation.userErrors[0].code).toBe('VIOLATION_PAYMENT_IN_PROGRESS');
    expect((await violationRow(platform, v.violation.id))?.status).toBe('UNPAID');
  });

  it('settles a payment abandoned mid-way (past its gateway deadline) before objecting, instead of blocking for ever', async () => {
    const v = await addViolation(platform, driver.idNumber);
    const anHourAgo = new Date(clock.getTime() - 60 * 60 * 1000);
    const abandoned = await platform.db.atomically(async (tx) => {
      const [payment] = await tx
        .insert(payments)
        .values({ accountId: localId(driver.accountId), idempotencyKey: `abandoned-${v.bill.id}`, requestDigest: 'x', amountHalalas: v.bill.amountHalalas, status: 'PENDING', attemptedAt: anHourAgo, createdAt: anHourAgo })
        .returning();
      await tx.update(bills).set({ reservedByPaymentId: payment!.id }).where(eq(bills.id, v.bill.id));
      return payment!;
    });
    const answer = await object(driver, v.violationId);
    expect(answer.data.objectToViolation.userErrors).toEqual([]);
    expect((await first(platform.db.read.select().from(payments).where(eq(payments.id, abandoned.id))))?.status).toBe('FAILED');
    expect(await billRow(v.bill.id)).toMatchObject({ reservedByPaymentId: null, onHold: true, status: 'UNPAID' });
  });
});

describe('traffic officers', () => {
  it('refuses officer operations to anyone without the role (FORBIDDEN), with nothing written', async () => {
    const v = await addViolation(platform, driver.idNumber);
    const filed = await object(driver, v.violationId);
    const objectionId = filed.data.objectToViolation.objection.id;
    const issue = await platform.gql<any>(ISSUE, { input: { idNumber: other.idNumber, plate: 'X 1', description: { ar: 'س', en: 'S' }, amount: '100.00', city: 'Riyadh' } }, { token: driver.accessToken });
    const decided = await decide(driver, objectionId, true);
    const pending = await platform.gql<any>(PENDING, {}, { token: driver.accessToken });
    for (const answer of [issue, decided, pending]) expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await violationRow(platform, v.violation.id))?.status).toBe('UNDER_OBJECTION');
    expect((await first(platform.db.read.select().from(objections).where(eq(objections.violationId, v.violation.id))))?.status).toBe('PENDING');
  });

  it('issues a violation with its bill and tells the person; refuses bad input', async () => {
    const person = await addRegistryPerson(platform);
    const input = { idNumber: person.idNumber, plate: 'KSA 4321', description: { ar: 'قطع إشارة', en: 'Running a red light' }, amount: '3000', city: 'Jeddah', issuedAt: daysAgo(2).toISOString() };
    const issued = await platform.gql<any>(ISSUE, { input }, { token: officer.accessToken });
    expect(issued.data.issueTrafficViolation).toMatchObject({
      userErrors: [],
      violation: { status: 'UNPAID', amount: { amount: '3000.00' }, issuedAt: daysAgo(2).toISOString(), bill: { status: 'UNPAID', kind: 'TRAFFIC_VIOLATION', amount: { amount: '3000.00' } } },
    });
    expect(issued.data.issueTrafficViolation.violation.number).toMatch(/^TV2026\d{8}$/);
    const note = await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, person.idNumber));
    expect(note).toMatchObject([{ kind: 'VIOLATION_ISSUED', subjectId: issued.data.issueTrafficViolation.violation.id }]);

    const refused = async (changes: Record<string, unknown>) =>
      (await platform.gql<any>(ISSUE, { input: { ...input, ...changes } }, { token: officer.accessToken })).data.issueTrafficViolation.userErrors.map((e: any) => e.code);
    expect(await refused({ idNumber: '1000000009' })).toEqual(['INVALID_ID_NUMBER']);
    expect(await refused({ idNumber: '1000000008' })).toEqual(['PERSON_NOT_FOUND']);
    expect(await refused({ amount: '0.00' })).toEqual(['AMOUNT_INVALID']);
    expect(await refused({ amount: '12.345' })).toEqual(['AMOUNT_INVALID']);
    expect(await refused({ amount: '100001' })).toEqual(['AMOUNT_INVALID']);
    expect(await refused({ plate: ' ' })).toEqual(['PLATE_INVALID']);
    expect(await refused({ city: '' })).toEqual(['CITY_INVALID']);
    expect(await refused({ description: { ar: '', en: 'x' } })).toEqual(['DESCRIPTION_INVALID']);
    expect(await refused({ issuedAt: new Date(clock.getTime() + DAY).toISOString() })).toEqual(['ISSUED_AT_IN_FUTURE']);
    expect(await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, person.idNumber))).toHaveLength(1);
  });

  it('lists pending objections; rejecting one restores the violation and releases its bill', async () => {
    const v = await addViolation(platform, driver.idNumber);
    const objectionId = (await object(driver, v.violationId, 'Wrong plate read by the camera.')).data.objectToViolation.objection.id;
    const pending = await platform.gql<any>(PENDING, {}, { token: officer.accessToken });
    expect(pending.data.pendingViolationObjections.edges.map((e: any) => e.node)).toContainEqual({
      id: objectionId, reason: 'Wrong plate read by the camera.', violation: { id: v.violationId, number: v.violation.number },
    });

    const audit = await platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, driver.idNumber));
    expect(audit).toContainEqual(expect.objectContaining({ accessorKind: 'OFFICER', accessorId: String(localId(officer.accountId)), accessorRole: 'TRAFFIC_OFFICER', dataCategory: 'TRAFFIC_VIOLATION' }));

    const rejected = await decide(officer, objectionId, false, 'The photo shows your plate.');
    expect(rejected.data.decideViolationObjection).toMatchObject({
      userErrors: [], objection: { status: 'REJECTED', decisionNote: 'The photo shows your plate.', violation: { status: 'UNPAID' } },
    });
    expect(await billRow(v.bill.id)).toMatchObject({ onHold: false, status: 'UNPAID' });
    expect((await decide(officer, objectionId, true)).data.decideViolationObjection.userErrors[0].code).toBe('OBJECTION_ALREADY_DECIDED');
    expect((await decide(officer, toGlobalId('ViolationObjection', 99_999_999), true)).data.decideViolationObjection.userErrors[0].code).toBe('OBJECTION_NOT_FOUND');
    const notes = await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, driver.idNumber));
    expect(notes.some((n) => n.kind === 'VIOLATION_OBJECTION_REJECTED' && n.subjectId === v.violationId)).toBe(true);
    expect((await payBill(driver, v.billId)).data.payBills.payment.status).toBe('SUCCEEDED');
    expect((await violationRow(platform, v.violation.id))?.status).toBe('PAID');
  });

  it('accepting an objection cancels an unpaid violation and its bill', async () => {
    const v = await addViolation(platform, driver.idNumber);
    const objectionId = (await object(driver, v.violationId)).data.objectToViolation.objection.id;
    const accepted = await decide(officer, objectionId, true);
    expect(accepted.data.decideViolationObjection.objection).toMatchObject({ status: 'ACCEPTED', violation: { status: 'CANCELLED' } });
    expect(await billRow(v.bill.id)).toMatchObject({ status: 'CANCELLED', onHold: false });
    expect((await payBill(driver, v.billId)).data.payBills.userErrors[0].code).toBe('BILL_CANCELLED');
    expect((await object(driver, v.violationId)).data.objectToViolation.userErrors[0].code).toBe('VIOLATION_CANCELLED');
  });

  it('accepting an objection to a paid violation refunds the fine, and the ledger still balances', async () => {
    const paidOne = await addViolation(platform, driver.idNumber, { amountHalalas: 45_000 });
    const keptOne = await addViolation(platform, driver.idNumber, { amountHalalas: 10_000 });
    await payBill(driver, paidOne.billId);
    await payBill(driver, keptOne.billId);
    await platform.gql(PAY, { input: { billIds: [keptOne.billId], idempotencyKey: 'declined', paymentMethod: { cardToken: 'tok_declined' } } }, { token: driver.accessToken });
    expect((await violationRow(platform, paidOne.violation.id))?.status).toBe('PAID');

    const objectionId = (await object(driver, paidOne.violationId, 'The sign was hidden.')).data.objectToViolation.objection.id;
    expect((await violationRow(platform, paidOne.violation.id))?.status).toBe('UNDER_OBJECTION');
    const accepted = await decide(officer, objectionId, true, 'Sign was indeed hidden.');
    expect(accepted.data.decideViolationObjection.objection.violation.status).toBe('CANCELLED');
    expect((await billRow(paidOne.bill.id)).status).toBe('CANCELLED');
    expect(await platform.db.read.select().from(refunds).where(eq(refunds.billId, paidOne.bill.id))).toMatchObject([
      { amountHalalas: 45_000, reason: 'OBJECTION_ACCEPTED', paymentId: (await billRow(paidOne.bill.id)).paidByPaymentId },
    ]);
    expect((await billRow(keptOne.bill.id)).status).toBe('PAID');
    const notes = await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, driver.idNumber));
    expect(notes.some((n) => n.kind === 'VIOLATION_OBJECTION_ACCEPTED' && n.bodyEn.includes('refunded'))).toBe(true);
    await ledgerBalances();
  });

  it('an officer cannot decide their own objection', async () => {
    const v = await addViolation(platform, officer.idNumber);
    const objectionId = (await object(officer, v.violationId)).data.objectToViolation.objection.id;
    expect((await decide(officer, objectionId, true)).data.decideViolationObjection.userErrors[0].code).toBe('OBJECTION_OWN');
    expect((await violationRow(platform, v.violation.id))?.status).toBe('UNDER_OBJECTION');
    expect(localId(objectionId)).toBeGreaterThan(0);
  });
});

describe('concurrency', () => {
  it('files exactly one of many concurrent objections, and decides an objection once', async () => {
    const v = await addViolation(platform, driver.idNumber);
    const answers = await Promise.all(Array.from({ length: 10 }, () => object(driver, v.violationId)));
    expect(answers.filter((a) => a.data.objectToViolation.objection)).toHaveLength(1);
    expect(answers.filter((a) => a.data.objectToViolation.userErrors[0]?.code === 'OBJECTION_ALREADY_PENDING')).toHaveLength(9);
    const objectionId = answers.find((a) => a.data.objectToViolation.objection)!.data.objectToViolation.objection.id;

    const listed = await platform.gql<any>(VIOLATIONS, { status: 'UNDER_OBJECTION' }, { token: driver.accessToken });
    expect(listed.data.me.trafficViolations.edges.find((e: any) => e.node.id === v.violationId).node.pendingObjection).toEqual({ id: objectionId, status: 'PENDING' });
    const node = `query($id: ID!) { node(id: $id) { id ... on ViolationObjection { reason } } }`;
    expect((await platform.gql<any>(node, { id: objectionId }, { token: driver.accessToken })).data.node).toMatchObject({ id: objectionId });
    expect((await platform.gql<any>(node, { id: objectionId }, { token: other.accessToken })).data.node).toBeNull();

    const decisions = await Promise.all([decide(officer, objectionId, true), decide(officer, objectionId, false), decide(officer, objectionId, true)]);
    expect(decisions.filter((d) => d.data.decideViolationObjection.objection)).toHaveLength(1);
    expect(await platform.db.read.select().from(objections).where(eq(objections.violationId, v.violation.id))).toHaveLength(1);
  });
});
