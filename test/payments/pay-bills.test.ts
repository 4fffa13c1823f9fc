// payBills as the contract states it: idempotent per account and key, never a
// bill paid twice, all bills or none, nothing paid on a decline or a broken
// gateway, and a retry with the same key that succeeds exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { eq, inArray } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addBill, addViolation } from '../helpers/violations.js';
import { bills, payments, paymentBills, refunds } from '../../src/modules/payments/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';
import type { SimulatedGateway } from '../../src/modules/payments/gateway.js';

const PAY = `mutation($input: PayBillsInput!) {
  payBills(input: $input) {
    payment { id status amount { amount currency } receiptNumber bills { id status } }
    userErrors { field message code }
  }
}`;

let clock = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;
let alice: SignedIn;
let bob: SignedIn;
let keys = 0;

const gateway = () => platform.services.payments.gateway as SimulatedGateway;
const newKey = () => `key-${++keys}`;

function pay(who: SignedIn, billIds: string[], options: { key?: string; cardToken?: string; language?: string } = {}) {
  return platform.gql<any>(
    PAY,
    { input: { billIds, idempotencyKey: options.key ?? newKey(), paymentMethod: { cardToken: options.cardToken ?? 'tok_visa' } } },
    { token: who.accessToken, headers: options.language ? { 'accept-language': options.language } : {} },
  );
}

const billRow = async (id: number) => (await first(platform.db.read.select().from(bills).where(eq(bills.id, id))))!;
const paymentsOf = async (billId: number) =>
  (await platform.db.read.select({ payment: payments }).from(paymentBills).innerJoin(payments, eq(payments.id, paymentBills.paymentId)).where(eq(paymentBills.billId, billId))).map((r) => r.payment);

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => clock });
  [alice, bob] = await Promise.all([registerAccount(platform).then((a) => signInAccount(platform, a)), registerAccount(platform).then((a) => signInAccount(platform, a))]);
});

afterAll(async () => {
  await platform?.stop();
});

describe('paying bills', () => {
  it('pays a bill once, with a receipt, a notification and a place in the history', async () => {
    const { bill, billId } = await addBill(platform, alice.idNumber, 15_050);
    const charges = gateway().charges.length;
    const answer = await pay(alice, [billId]);
    const payment = answer.data.payBills.payment;
    expect(answer.data.payBills.userErrors).toEqual([]);
    expect(payment).toMatchObject({ status: 'SUCCEEDED', amount: { amount: '150.50', currency: 'SAR' }, bills: [{ id: billId, status: 'PAID' }] });
    expect(payment.receiptNumber).toMatch(/^R\d{4}\d{9}$/);
    expect(gateway().charges.length).toBe(charges + 1);
    expect((await billRow(bill.id))).toMatchObject({ status: 'PAID', reservedByPaymentId: null, paidAt: clock });
    const notes = (await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, alice.idNumber)));
    expect(notes.some((n) => n.kind === 'PAYMENT_SUCCEEDED' && n.bodyEn.includes(payment.receiptNumber))).toBe(true);

    const history = await platform.gql<any>(
      `{ me { payments(first: 5) { totalCount edges { node { id status receiptNumber amount { amount } bills { id } createdAt } } }
              bills(status: PAID) { edges { node { id number status kind amount { amount } description { en } paidAt onHold } } } } }`,
      {}, { token: alice.accessToken },
    );
    expect(history.data.me.payments.edges.map((e: any) => e.node.id)).toContain(payment.id);
    expect(history.data.me.payments.edges.find((e: any) => e.node.id === payment.id).node).toMatchObject({ receiptNumber: payment.receiptNumber, bills: [{ id: billId }] });
    expect(history.data.me.bills.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({ id: billId, status: 'PAID', kind: 'DOCUMENT_RENEWAL', amount: { amount: '150.50' }, description: { en: 'Fee' }, onHold: false }),
    );

    const again = await pay(alice, [billId]);
    expect(again.data.payBills.userErrors.map((e: any) => e.code)).toEqual(['BILL_ALREADY_PAID']);
  });

  it('answers the same key with the same bills with the first payment and charges nothing more', async () => {
    const first = await addBill(platform, alice.idNumber);
    const second = await addBill(platform, alice.idNumber);
    const key = newKey();
    const answer = await pay(alice, [first.billId, second.billId], { key });
    const charges = gateway().charges.length;
    // The same bills in another order and with a repeat are the same request.
    const repeated = await pay(alice, [second.billId, first.billId, second.billId], { key });
    expect(repeated.data).toEqual(answer.data);
    expect(gateway().charges.length).toBe(charges);
  });

  it('refuses the same key with other bills (IDEMPOTENCY_KEY_REUSED) and pays nothing', async () => {
    const paid = await addBill(platform, alice.idNumber);
    const other = await addBill(platform, alice.idNumber);
    const key = newKey();
    await pay(alice, [paid.billId], { key });
    const charges = gateway().charges.length;
    const reused = await pay(alice, [other.billId], { key });
    expect(reused.data.payBills).toMatchObject({ payment: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] }] });
    expect((await billRow(other.bill.id))).toMatchObject({ status: 'UNPAID', reservedByPaymentId: null });
    expect(gateway().charges.length).toBe(charges);
  });

  it('scopes keys per account: another person may use the same key', async () => {
    const key = newKey();
    const mine = await addBill(platform, alice.idNumber);
    const theirs = await addBill(platform, bob.idNumber);
    const a = await pay(alice, [mine.billId], { key });
    const b = await pay(bob, [theirs.billId], { key });
    expect(a.data.payBills.payment.status).toBe('SUCCEEDED');
    expect(b.data.payBills.payment.status).toBe('SUCCEEDED');
    expect(b.data.payBills.payment.id).not.toBe(a.data.payBills.payment.id);
  });

  it('charges once for 100 concurrent requests with one key, and answers them all alike', async ({ task }) => {
    const { bill, billId } = await addBill(platform, alice.idNumber, 20_000);
    const key = newKey();
    const calls = gateway().calls;
    const charges = gateway().charges.length;
    const answers = await Promise.all(Array.from({ length: 100 }, () => pay(alice, [billId], { key })));
    recordFigure(task, { item: 'F1', name: 'gateway charges for 100 concurrent payBills with one key', value: gateway().charges.length - charges, expected: 1 });
    expect(gateway().calls - calls).toBe(1);
    expect(gateway().charges.length - charges).toBe(1);
    for (const answer of answers) expect(answer.data).toEqual(answers[0]!.data);
    expect(answers[0]!.data.payBills.payment.status).toBe('SUCCEEDED');
    expect((await paymentsOf(bill.id))).toHaveLength(1);
    expect((await billRow(bill.id)).status).toBe('PAID');
  });

  it('lets exactly one of 50 concurrent payments with different keys pay one bill', async ({ task }) => {
    const { bill, billId } = await addBill(platform, alice.idNumber, 20_000);
    const charges = gateway().charges.length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => pay(alice, [billId])));
    const succeeded = answers.filter((a) => a.data.payBills.payment?.status === 'SUCCEEDED');
    recordFigure(task, { item: 'F3', name: 'successes among 50 concurrent payments of one bill with different keys', value: succeeded.length, expected: 1 });
    expect(succeeded).toHaveLength(1);
    for (const answer of answers.filter((a) => a !== succeeded[0])) {
      expect(['BILL_PAYMENT_IN_PROGRESS', 'BILL_ALREADY_PAID']).toContain(answer.data.payBills.userErrors[0].code);
    }
    expect(gateway().charges.length - charges).toBe(1);
    expect((await paymentsOf(bill.id)).filter((p) => p.status === 'SUCCEEDED')).toHaveLength(1);
    expect((await billRow(bill.id))).toMatchObject({ status: 'PAID', paidByPaymentId: Number(Buffer.from(succeeded[0]!.data.payBills.payment.id, 'base64url').toString().split(':')[1]) });
  });

  it('pays several bills all or none: one bill that cannot be paid stops them all', async () => {
    const good = await addBill(platform, alice.idNumber);
    const alsoGood = await addBill(platform, alice.idNumber);
    const alreadyPaid = await addBill(platform, alice.idNumber);
    await pay(alice, [alreadyPaid.billId]);
    const charges = gateway().charges.length;
    const answer = await pay(alice, [good.billId, alreadyPaid.billId, alsoGood.billId]);
    expect(answer.data.payBills).toMatchObject({ payment: null, userErrors: [{ code: 'BILL_ALREADY_PAID', field: ['billIds', '1'] }] });
    for (const id of [good.bill.id, alsoGood.bill.id]) expect((await billRow(id))).toMatchObject({ status: 'UNPAID', reservedByPaymentId: null });
    expect((await paymentsOf(good.bill.id))).toEqual([]);
    expect(gateway().charges.length).toBe(charges);

    const both = await pay(alice, [good.billId, alsoGood.billId]);
    expect(both.data.payBills.payment).toMatchObject({ status: 'SUCCEEDED', amount: { amount: '300.00' } });
    expect([(await billRow(good.bill.id)).status, (await billRow(alsoGood.bill.id)).status]).toEqual(['PAID', 'PAID']);
  });

  it('marks nothing paid when the card is declined, and a retry with the same key and a good card pays once', async () => {
    const { bill, billId } = await addBill(platform, alice.idNumber);
    const key = newKey();
    const declined = await pay(alice, [billId], { key, cardToken: 'tok_declined' });
    expect(declined.data.payBills).toMatchObject({ payment: null, userErrors: [{ code: 'CARD_DECLINED' }] });
    expect((await billRow(bill.id))).toMatchObject({ status: 'UNPAID', reservedByPaymentId: null, paidAt: null });
    expect((await paymentsOf(bill.id))).toMatchObject([{ status: 'DECLINED' }]);

    const arabic = await pay(alice, [billId], { key, cardToken: 'tok_declined', language: 'ar' });
    expect(arabic.data.payBills.userErrors[0]).toMatchObject({ code: 'CARD_DECLINED', message: 'رُفضت البطاقة. لم يتم سداد أي مبلغ.' });

    const charges = gateway().charges.length;
    const retried = await pay(alice, [billId], { key });
    expect(retried.data.payBills.payment.status).toBe('SUCCEEDED');
    const again = await pay(alice, [billId], { key });
    expect(again.data).toEqual(retried.data);
    expect(gateway().charges.length - charges).toBe(1);
    expect((await paymentsOf(bill.id))).toMatchObject([{ status: 'SUCCEEDED', attempt: 3 }]);
  });

  it.each([['tok_gateway_error'], ['tok_timeout']])('pays nothing when the gateway breaks (%s), and the retry with the same key pays once', async (cardToken) => {
    const { bill, billId } = await addBill(platform, alice.idNumber);
    const key = newKey();
    const charges = gateway().charges.length;
    const broken = await pay(alice, [billId], { key, cardToken });
    expect(broken.data.payBills).toMatchObject({ payment: null, userErrors: [{ code: 'PAYMENT_FAILED' }] });
    // Not reserved: another payment could take the bill now.
    expect((await billRow(bill.id))).toMatchObject({ status: 'UNPAID', reservedByPaymentId: null });
    expect((await paymentsOf(bill.id))).toMatchObject([{ status: 'FAILED', failureCode: 'GATEWAY_NO_ANSWER' }]);
    expect(gateway().charges.length).toBe(charges);

    const retries = await Promise.all(Array.from({ length: 5 }, () => pay(alice, [billId], { key })));
    for (const retry of retries) expect(retry.data).toEqual(retries[0]!.data);
    expect(retries[0]!.data.payBills.payment.status).toBe('SUCCEEDED');
    expect(gateway().charges.length - charges).toBe(1);
    expect((await billRow(bill.id)).status).toBe('PAID');
  });

  it('settles by lookup when the gateway charged but its answer was lost: paid once, not charged again', async () => {
    const { bill, billId } = await addBill(platform, alice.idNumber);
    const key = newKey();
    const charges = gateway().charges.length;
    const answer = await pay(alice, [billId], { key, cardToken: 'tok_lost_answer' });
    expect(answer.data.payBills.payment.status).toBe('SUCCEEDED');
    expect((await billRow(bill.id)).status).toBe('PAID');
    const retry = await pay(alice, [billId], { key, cardToken: 'tok_lost_answer' });
    expect(retry.data).toEqual(answer.data);
    expect(gateway().charges.length - charges).toBe(1);
  });

  it('releases bills of an attempt left unsettled (a crash between the steps) once its deadline has passed', async () => {
    const { bill, billId } = await addBill(platform, alice.idNumber);
    const [stale] = await platform.db.atomically((tx) =>
      tx
        .insert(payments)
        .values({ accountId: Number(Buffer.from(alice.accountId, 'base64url').toString().split(':')[1]), idempotencyKey: newKey(), requestDigest: 'x', amountHalalas: bill.amountHalalas, status: 'PENDING', attempt: 1, attemptedAt: clock, createdAt: clock })
        .returning(),
    );
    await platform.db.atomically(async (tx) => { await tx.insert(paymentBills).values({ paymentId: stale!.id, billId: bill.id, amountHalalas: bill.amountHalalas }); });
    await platform.db.atomically(async (tx) => { await tx.update(bills).set({ reservedByPaymentId: stale!.id }).where(eq(bills.id, bill.id)); });

    const blocked = await pay(alice, [billId]);
    expect(blocked.data.payBills.userErrors.map((e: any) => e.code)).toEqual(['BILL_PAYMENT_IN_PROGRESS']);

    clock = new Date(clock.getTime() + 60_000);
    const paid = await pay(alice, [billId]);
    expect(paid.data.payBills.payment.status).toBe('SUCCEEDED');
    expect((await first(platform.db.read.select().from(payments).where(eq(payments.id, stale!.id))))).toMatchObject({ status: 'FAILED' });
  });
});

describe('a bill cancelled by its module while its card is being charged', () => {
  it('is refunded at once, the other bills are paid, and the ledger balances', async () => {
    const cancelled = await addBill(platform, alice.idNumber, 7_000);
    const kept = await addBill(platform, alice.idNumber, 3_000);
    const sim = gateway();
    const charge = sim.charge;
    sim.charge = async (request, signal) => {
      // What a module's billOperations.cancel does, landing between step 1 and step 3.
      await platform.db.atomically(async (tx) => { await tx.update(bills).set({ status: 'CANCELLED' }).where(eq(bills.id, cancelled.bill.id)); });
      return charge(request, signal);
    };
    try {
      const answer = await pay(alice, [cancelled.billId, kept.billId]);
      expect(answer.data.payBills.payment).toMatchObject({ status: 'SUCCEEDED', amount: { amount: '100.00' } });
    } finally {
      sim.charge = charge;
    }
    expect((await billRow(kept.bill.id))).toMatchObject({ status: 'PAID', reservedByPaymentId: null });
    expect((await billRow(cancelled.bill.id))).toMatchObject({ status: 'CANCELLED', reservedByPaymentId: null });
    expect((await platform.db.read.select().from(refunds).where(eq(refunds.billId, cancelled.bill.id)))).toMatchObject([{ amountHalalas: 7_000, reason: 'BILL_CANCELLED_DURING_PAYMENT' }]);
    const ledger = await platform.services.payments.ledger();
    expect(ledger.succeededHalalas - ledger.refundedHalalas).toBe(ledger.paidBillsHalalas);
  });
});

describe('refusals', () => {
  it("answers someone else's bill exactly like an unknown one, and pays nothing", async () => {
    const theirs = await addBill(platform, bob.idNumber);
    const mine = await addBill(platform, alice.idNumber);
    const foreign = await pay(alice, [theirs.billId]);
    const unknown = await pay(alice, [toGlobalId('Bill', 987654321)]);
    const malformed = await pay(alice, ['not-an-id!']);
    const wrongType = await pay(alice, [toGlobalId('Payment', theirs.bill.id)]);
    expect(foreign.data).toEqual(unknown.data);
    expect(malformed.data).toEqual(unknown.data);
    expect(wrongType.data).toEqual(unknown.data);
    expect(unknown.data.payBills).toEqual({ payment: null, userErrors: [{ code: 'BILL_NOT_FOUND', field: ['billIds', '0'], message: 'This bill was not found.' }] });
    // Mixed with one's own bill: still nothing paid.
    const mixed = await pay(alice, [mine.billId, theirs.billId]);
    expect(mixed.data.payBills.userErrors).toEqual([{ code: 'BILL_NOT_FOUND', field: ['billIds', '1'], message: 'This bill was not found.' }]);
    expect((await platform.db.read.select().from(bills).where(inArray(bills.id, [theirs.bill.id, mine.bill.id]))).map((b) => [b.status, b.reservedByPaymentId])).toEqual([
      ['UNPAID', null],
      ['UNPAID', null],
    ]);
  });

  it('hides bills and payments of others from node(id)', async () => {
    const { billId } = await addBill(platform, alice.idNumber);
    const paid = await pay(alice, [billId]);
    const paymentId = paid.data.payBills.payment.id;
    const query = `query($id: ID!) { node(id: $id) { id ... on Bill { billStatus: status } ... on Payment { paymentStatus: status } } }`;
    for (const id of [billId, paymentId]) {
      expect((await platform.gql<any>(query, { id }, { token: alice.accessToken })).data.node).toMatchObject({ id });
      expect((await platform.gql<any>(query, { id }, { token: bob.accessToken })).data.node).toBeNull();
    }
  });

  it('refuses bad input as userErrors, and unauthenticated callers', async () => {
    const held = await addViolation(platform, alice.idNumber);
    await platform.db.atomically(async (tx) => { await tx.update(bills).set({ onHold: true }).where(eq(bills.id, held.bill.id)); });
    const cancelled = await addBill(platform, alice.idNumber);
    await platform.db.atomically(async (tx) => { await tx.update(bills).set({ status: 'CANCELLED' }).where(eq(bills.id, cancelled.bill.id)); });
    const { billId } = await addBill(platform, alice.idNumber);
    const code = async (promise: ReturnType<typeof pay>) => (await promise).data.payBills.userErrors.map((e: any) => e.code);

    expect(await code(pay(alice, [held.billId]))).toEqual(['BILL_ON_HOLD']);
    expect(await code(pay(alice, [cancelled.billId]))).toEqual(['BILL_CANCELLED']);
    expect(await code(pay(alice, []))).toEqual(['NO_BILLS']);
    expect(await code(pay(alice, Array.from({ length: 51 }, (_, i) => toGlobalId('Bill', i + 1))))).toEqual(['TOO_MANY_BILLS']);
    expect(await code(pay(alice, [billId], { key: '' }))).toEqual(['IDEMPOTENCY_KEY_INVALID']);
    expect(await code(pay(alice, [billId], { key: 'x'.repeat(256) }))).toEqual(['IDEMPOTENCY_KEY_INVALID']);
    expect(await code(pay(alice, [billId], { cardToken: '' }))).toEqual(['CARD_TOKEN_INVALID']);
    expect((await billRow(held.bill.id))).toMatchObject({ status: 'UNPAID', reservedByPaymentId: null });

    const anonymous = await platform.gql<any>(PAY, { input: { billIds: [billId], idempotencyKey: 'k', paymentMethod: { cardToken: 'tok_visa' } } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await paymentsOf(Number(Buffer.from(billId, 'base64url').toString().split(':')[1])))).toEqual([]);
  });
});

describe('the ledger', () => {
  it('balances after everything above: succeeded payments minus refunds equal the paid bills', async () => {
    const ledger = await platform.services.payments.ledger();
    expect(ledger.succeededHalalas).toBeGreaterThan(0);
    expect(ledger.succeededHalalas - ledger.refundedHalalas).toBe(ledger.paidBillsHalalas);
    // And every approved charge at the gateway is one succeeded payment attempt.
    const succeeded = (await platform.db.read.select().from(payments).where(eq(payments.status, 'SUCCEEDED')));
    expect(gateway().charges.map((c) => c.reference).sort()).toEqual(succeeded.map((p) => `payment-${p.id}-${p.attempt}`).sort());
  });
});

describe('lists', () => {
  it('pages bills and payments newest first, and caps the page size', async () => {
    const person = await registerAccount(platform).then((a) => signInAccount(platform, a));
    const made = [await addBill(platform, person.idNumber, 100), await addBill(platform, person.idNumber, 200), await addBill(platform, person.idNumber, 300)];
    await pay(person, [made[0]!.billId]);
    await pay(person, [made[1]!.billId]);
    const page = (after: string | null) =>
      platform.gql<any>(
        `query($after: String) { me { bills(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
                                      payments(first: 1) { totalCount pageInfo { hasNextPage } edges { node { bills { id } } } } } }`,
        { after }, { token: person.accessToken },
      );
    const first = await page(null);
    expect(first.data.me.bills).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true }, edges: [{ node: { id: made[2]!.billId } }, { node: { id: made[1]!.billId } }] });
    expect(first.data.me.payments).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { bills: [{ id: made[1]!.billId }] } }] });
    const second = await page(first.data.me.bills.pageInfo.endCursor);
    expect(second.data.me.bills).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { id: made[0]!.billId } }] });
    const unpaid = await platform.gql<any>(`{ me { bills(status: UNPAID) { totalCount edges { node { id } } } } }`, {}, { token: person.accessToken });
    expect(unpaid.data.me.bills).toEqual({ totalCount: 1, edges: [{ node: { id: made[2]!.billId } }] });
    const huge = await platform.gql<any>(`query($n: Int) { me { bills(first: $n) { totalCount } } }`, { n: 1_000_000 }, { token: person.accessToken });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
