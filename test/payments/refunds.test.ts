// Refunds are an outbox: the transaction that owes the money back (an
// objection accepted on a paid fine, a bill cancelled while its card was being
// charged) writes a PENDING refund row, and `sendPendingRefunds` credits the
// card afterwards, outside any transaction, once per refund whatever happens.
import fs from 'node:fs';
import { first } from '../../src/db/database.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addBill, addViolation, driversAndOfficer, grantRoles, type TestViolation } from '../helpers/violations.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { bills, payments, refunds } from '../../src/modules/payments/tables.js';
import {
  createSimulatedGateway,
  createUnconfiguredGateway,
  GatewayUnavailableError,
  readSimulatedGatewayJournal,
  SIMULATED_GATEWAY_JOURNAL,
  type SimulatedGateway,
} from '../../src/modules/payments/gateway.js';
import { MAX_REFUND_ATTEMPTS } from '../../src/modules/payments/service.js';

const PAY = `mutation($input: PayBillsInput!) { payBills(input: $input) { payment { id status } userErrors { code } } }`;
const OBJECT = `mutation($input: ObjectToViolationInput!) { objectToViolation(input: $input) { objection { id } userErrors { code } } }`;
const DECIDE = `mutation($input: DecideViolationObjectionInput!) { decideViolationObjection(input: $input) { objection { status } userErrors { code } } }`;
const PAYMENT_REFUNDS = `query($id: ID!) { node(id: $id) { ... on Payment { refunds { amount { amount currency } status createdAt sentAt } } } }`;

const clock = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;
let driver: SignedIn;
let other: SignedIn;
let officer: SignedIn;
let keys = 0;

const gateway = () => platform.services.payments.gateway as SimulatedGateway;
const send = () => platform.services.payments.sendPendingRefunds();
const refundOfBill = async (billId: number) => (await first(platform.db.read.select().from(refunds).where(eq(refunds.billId, billId))))!;
const paymentRow = async (id: number) => (await first(platform.db.read.select().from(payments).where(eq(payments.id, id))))!;
const journalRefunds = (reference: string) =>
  readSimulatedGatewayJournal(path.join(platform.dataDir, SIMULATED_GATEWAY_JOURNAL)).filter((entry) => entry.reference === reference);

async function ledgerBalances(): Promise<void> {
  const ledger = await platform.services.payments.ledger();
  expect(ledger.succeededHalalas - ledger.refundedHalalas).toBe(ledger.paidBillsHalalas);
}

/** A fine the driver paid, then an objection the officer accepted: the fine is owed back. */
async function refundedFine(amountHalalas: number): Promise<{ violation: TestViolation; paymentId: string }> {
  const violation = await addViolation(platform, driver.idNumber, { amountHalalas });
  const paid = await platform.gql<any>(
    PAY,
    { input: { billIds: [violation.billId], idempotencyKey: `r-${++keys}`, paymentMethod: { cardToken: 'tok_visa' } } },
    { token: driver.accessToken },
  );
  expect(paid.data.payBills.payment.status).toBe('SUCCEEDED');
  const objected = await platform.gql<any>(OBJECT, { input: { violationId: violation.violationId, reason: 'The sign was hidden.' } }, { token: driver.accessToken });
  const decided = await platform.gql<any>(DECIDE, { input: { objectionId: objected.data.objectToViolation.objection.id, accept: true } }, { token: officer.accessToken });
  expect(decided.data.decideViolationObjection.objection.status).toBe('ACCEPTED');
  return { violation, paymentId: paid.data.payBills.payment.id };
}

/** Makes the gateway fail the next `times` refund calls without an answer (then it works again). */
function failRefunds(times: number): () => void {
  const sim = gateway();
  const refund = sim.refund;
  let left = times;
  sim.refund = async (request, signal) => {
    if (left > 0) {
      left -= 1;
      throw new GatewayUnavailableError('simulated gateway error (HTTP 502)');
    }
    return refund(request, signal);
  };
  return () => {
    sim.refund = refund;
  };
}

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => clock });
  ({ driver, other, officer } = await driversAndOfficer(platform));
});

afterAll(async () => {
  await platform?.stop();
});

describe('an objection accepted on a paid fine', () => {
  it('records a PENDING refund, credits the card exactly once when sent, and never again', async () => {
    const { violation, paymentId } = await refundedFine(45_000);
    const pending = await refundOfBill(violation.bill.id);
    const payment = await paymentRow(pending.paymentId);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 0, gatewayReference: null, sentAt: null, amountHalalas: 45_000, reason: 'OBJECTION_ACCEPTED' });
    // Nothing reaches the gateway inside the deciding transaction.
    expect(gateway().refunds.filter((r) => r.reference === `refund-${pending.id}`)).toEqual([]);
    const before = await platform.gql<any>(PAYMENT_REFUNDS, { id: paymentId }, { token: driver.accessToken });
    expect(before.data.node.refunds).toEqual([{ amount: { amount: '450.00', currency: 'SAR' }, status: 'PENDING', createdAt: clock.toISOString(), sentAt: null }]);
    await ledgerBalances();

    const calls = gateway().refundCalls;
    expect(await send()).toMatchObject({ sent: 1, pending: 0, failed: 0 });
    expect(gateway().refundCalls).toBe(calls + 1);
    expect(gateway().refunds.filter((r) => r.reference === `refund-${pending.id}`)).toEqual([
      { reference: `refund-${pending.id}`, chargeReference: `payment-${payment.id}-${payment.attempt}`, amountHalalas: 45_000 },
    ]);
    expect(journalRefunds(`refund-${pending.id}`)).toMatchObject([{ amountHalalas: 45_000, result: { outcome: 'REFUNDED' } }]);
    expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'SENT', attempts: 1, gatewayReference: `sim_refund-${pending.id}`, sentAt: clock });
    const after = await platform.gql<any>(PAYMENT_REFUNDS, { id: paymentId }, { token: driver.accessToken });
    expect(after.data.node.refunds).toMatchObject([{ status: 'SENT', sentAt: clock.toISOString() }]);

    expect(await send()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(gateway().refundCalls).toBe(calls + 1);
    expect(journalRefunds(`refund-${pending.id}`)).toHaveLength(1);
    expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'SENT', attempts: 1 });
    await ledgerBalances();
  });

  it('shows the refund to the payer only: anyone else gets what an unknown ID gets', async () => {
    const { paymentId } = await refundedFine(5_000);
    const theirs = await platform.gql<any>(PAYMENT_REFUNDS, { id: paymentId }, { token: other.accessToken });
    expect(theirs.data.node).toBeNull();
    await send();
  });

  it('stays PENDING when the gateway does not answer, and a later run credits it once', async () => {
    const { violation } = await refundedFine(20_000);
    const refund = await refundOfBill(violation.bill.id);
    const restore = failRefunds(1);
    try {
      expect(await send()).toMatchObject({ sent: 0, pending: 1 });
    } finally {
      restore();
    }
    expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });
    expect(gateway().refunds.filter((r) => r.reference === `refund-${refund.id}`)).toEqual([]);

    expect(await send()).toMatchObject({ sent: 1, pending: 0 });
    expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(gateway().refunds.filter((r) => r.reference === `refund-${refund.id}`)).toHaveLength(1);
    await send();
    expect(journalRefunds(`refund-${refund.id}`)).toHaveLength(1);
    await ledgerBalances();
  });

  it(`is left FAILED after ${MAX_REFUND_ATTEMPTS} unanswered attempts, and not sent again`, async () => {
    const { violation } = await refundedFine(9_000);
    const restore = failRefunds(Number.MAX_SAFE_INTEGER);
    try {
      for (let run = 1; run < MAX_REFUND_ATTEMPTS; run += 1) expect(await send()).toMatchObject({ pending: 1, failed: 0 });
      expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'PENDING', attempts: MAX_REFUND_ATTEMPTS - 1 });
      expect(await send()).toMatchObject({ pending: 0, failed: 1 });
    } finally {
      restore();
    }
    const calls = gateway().refundCalls;
    expect(await send()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(gateway().refundCalls).toBe(calls);
    expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'FAILED', attempts: MAX_REFUND_ATTEMPTS, sentAt: null });
    // The money is still owed back: the ledger counts the refund whatever its delivery.
    await ledgerBalances();
  });
});

describe('a refund the gateway refuses', () => {
  it('is left FAILED at once, since asking again gets the same answer', async () => {
    const { violation } = await refundedFine(4_000);
    const sim = gateway();
    const refund = sim.refund;
    sim.refund = async () => ({ outcome: 'REJECTED', reason: 'charge_not_found' });
    try {
      expect(await send()).toMatchObject({ sent: 0, pending: 0, failed: 1 });
    } finally {
      sim.refund = refund;
    }
    expect(await refundOfBill(violation.bill.id)).toMatchObject({ status: 'FAILED', attempts: 1, sentAt: null });
    expect(await send()).toEqual({ sent: 0, pending: 0, failed: 0 });
    await ledgerBalances();
  });
});

describe('an administrator and a failed refund', () => {
  const FAILED_REFUNDS = `{ failedRefunds(first: 100) { totalCount edges { node { id status attempts amount { amount } payment { id } } } } }`;
  const RETRY = `mutation($input: RetryRefundInput!) { retryRefund(input: $input) { refund { id status attempts } userErrors { code field message } } }`;

  it('lists it for an administrator only, logs the read for the person, and a retry credits the card once', async () => {
    const { violation, paymentId } = await refundedFine(6_500);
    const sim = gateway();
    const refund = sim.refund;
    sim.refund = async () => ({ outcome: 'REJECTED', reason: 'card_account_closed' });
    try {
      expect(await send()).toMatchObject({ failed: 1 });
    } finally {
      sim.refund = refund;
    }
    const adminAccount = await registerAccount(platform);
    await grantRoles(platform, adminAccount.idNumber, ['ADMIN']);
    const admin = await signInAccount(platform, adminAccount);

    for (const who of [driver, officer]) {
      expect((await platform.gql<any>(FAILED_REFUNDS, {}, { token: who.accessToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const listed = await platform.gql<any>(FAILED_REFUNDS, {}, { token: admin.accessToken });
    const nodes = listed.data.failedRefunds.edges.map((edge: any) => edge.node);
    expect(listed.data.failedRefunds.totalCount).toBe(nodes.length);
    const shown = nodes.find((node: any) => node.payment.id === paymentId);
    expect(shown).toMatchObject({ status: 'FAILED', attempts: 1, amount: { amount: '65.00' } });
    const logged = (await platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, driver.idNumber)));
    expect(logged.filter((row) => row.accessorRole === 'ADMIN')).toEqual([
      expect.objectContaining({ accessorKind: 'OFFICER', dataCategory: 'PAYMENT', accessorId: expect.any(String) }),
    ]);

    const refused = await platform.gql<any>(RETRY, { input: { refundId: shown.id } }, { token: driver.accessToken });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await refundOfBill(violation.bill.id)).status).toBe('FAILED');

    const retried = await platform.gql<any>(RETRY, { input: { refundId: shown.id } }, { token: admin.accessToken });
    expect(retried.data.retryRefund).toEqual({ refund: { id: shown.id, status: 'PENDING', attempts: 0 }, userErrors: [] });
    const again = await platform.gql<any>(RETRY, { input: { refundId: shown.id } }, { token: admin.accessToken });
    expect(again.data.retryRefund).toMatchObject({ refund: null, userErrors: [{ code: 'REFUND_NOT_FAILED', field: ['refundId'] }] });
    const unknown = await platform.gql<any>(RETRY, { input: { refundId: paymentId } }, { token: admin.accessToken });
    expect(unknown.data.retryRefund.userErrors).toMatchObject([{ code: 'REFUND_NOT_FOUND' }]);

    await send();
    const row = await refundOfBill(violation.bill.id);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(journalRefunds(`refund-${row.id}`)).toHaveLength(1);
    await send();
    expect(journalRefunds(`refund-${row.id}`)).toHaveLength(1);
    const after = await platform.gql<any>(FAILED_REFUNDS, {}, { token: admin.accessToken });
    expect(after.data.failedRefunds.edges.map((edge: any) => edge.node.id)).not.toContain(shown.id);
    await ledgerBalances();
  });
});

describe('a bill cancelled while its card was being charged', () => {
  it('is credited back by the same delivery', async () => {
    const cancelled = await addBill(platform, driver.idNumber, 7_000);
    const kept = await addBill(platform, driver.idNumber, 3_000);
    const sim = gateway();
    const charge = sim.charge;
    sim.charge = async (request, signal) => {
      await platform.db.atomically(async (tx) => { await tx.update(bills).set({ status: 'CANCELLED' }).where(eq(bills.id, cancelled.bill.id)); });
      return charge(request, signal);
    };
    try {
      const paid = await platform.gql<any>(
        PAY,
        { input: { billIds: [cancelled.billId, kept.billId], idempotencyKey: `r-${++keys}`, paymentMethod: { cardToken: 'tok_visa' } } },
        { token: driver.accessToken },
      );
      expect(paid.data.payBills.payment.status).toBe('SUCCEEDED');
    } finally {
      sim.charge = charge;
    }
    const refund = await refundOfBill(cancelled.bill.id);
    expect(refund).toMatchObject({ status: 'PENDING', reason: 'BILL_CANCELLED_DURING_PAYMENT', amountHalalas: 7_000 });
    await send();
    expect(await refundOfBill(cancelled.bill.id)).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(gateway().refunds.filter((r) => r.reference === `refund-${refund.id}`)).toMatchObject([{ amountHalalas: 7_000 }]);
    await ledgerBalances();
  });
});

describe('the gateways', () => {
  it('the simulated gateway credits only an approved charge, never beyond it, once per reference, across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-refund-journal-'));
    try {
      const journalFile = path.join(dir, SIMULATED_GATEWAY_JOURNAL);
      const first = createSimulatedGateway({ journalFile });
      const signal = new AbortController().signal;
      await first.charge({ reference: 'payment-1-1', amountHalalas: 10_000, cardToken: 'tok_visa' }, signal);
      await first.charge({ reference: 'payment-2-1', amountHalalas: 10_000, cardToken: 'tok_declined' }, signal);
      expect(await first.refund({ reference: 'refund-1', chargeReference: 'payment-1-1', amountHalalas: 6_000 }, signal)).toEqual({ outcome: 'REFUNDED', gatewayReference: 'sim_refund-1' });
      expect(await first.refund({ reference: 'refund-1', chargeReference: 'payment-1-1', amountHalalas: 6_000 }, signal)).toMatchObject({ outcome: 'REFUNDED' });
      expect(await first.refund({ reference: 'refund-2', chargeReference: 'payment-1-1', amountHalalas: 5_000 }, signal)).toEqual({ outcome: 'REJECTED', reason: 'amount_exceeds_charge' });
      expect(await first.refund({ reference: 'refund-3', chargeReference: 'payment-2-1', amountHalalas: 1_000 }, signal)).toEqual({ outcome: 'REJECTED', reason: 'charge_not_found' });
      expect(first.refunds).toEqual([{ reference: 'refund-1', chargeReference: 'payment-1-1', amountHalalas: 6_000 }]);

      const restarted = createSimulatedGateway({ journalFile });
      expect(restarted.refunds).toEqual(first.refunds);
      expect(restarted.charges).toEqual([{ reference: 'payment-1-1', amountHalalas: 10_000 }]);
      expect(await restarted.refund({ reference: 'refund-1', chargeReference: 'payment-1-1', amountHalalas: 6_000 }, signal)).toMatchObject({ outcome: 'REFUNDED' });
      expect(await restarted.refund({ reference: 'refund-4', chargeReference: 'payment-1-1', amountHalalas: 4_000 }, signal)).toMatchObject({ outcome: 'REFUNDED' });
      expect(restarted.refunds.map((r) => r.reference)).toEqual(['refund-1', 'refund-4']);
      expect(readSimulatedGatewayJournal(journalFile).filter((e) => e.result.outcome === 'REFUNDED').map((e) => e.reference)).toEqual(['refund-1', 'refund-4']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the production placeholder credits nothing: every refund fails and stays to be sent again', async () => {
    const signal = new AbortController().signal;
    await expect(createUnconfiguredGateway().refund({ reference: 'refund-1', chargeReference: 'payment-1-1', amountHalalas: 100 }, signal)).rejects.toBeInstanceOf(
      GatewayUnavailableError,
    );
  });
});
