// Paying bills by card, at most once per idempotency key and never twice per
// bill, in three steps (Stripe's pattern; no gateway call inside a transaction):
//   1. one immediate transaction records the PENDING payment and reserves its
//      bills (the unique (account, key) index and the reservation column make
//      concurrent duplicates and competing payments impossible);
//   2. the gateway is asked, outside any transaction, with the attempt's own
//      reference as its idempotency key, under a deadline;
//   3. one transaction records the outcome: SUCCEEDED (bills PAID, owners'
//      handlers run, receipt, notification) or DECLINED/FAILED (reservations
//      released).
// A retry with the same key after a DECLINED or FAILED attempt re-attempts the
// same payment row (attempt + 1): the key stays bound to its bills, and only
// one attempt can ever succeed because each reserves the bills first.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { BillEvents } from './bill-events.js';
import type { PaymentGateway, ChargeResult, RefundResult } from './gateway.js';
import type { PaymentsStore, PaymentsTx } from './store.js';
import type { BillKind, BillRow, PaymentRow, RefundRow } from './tables.js';
import type { IdentityService } from '../identity/service.js';
import { notify } from '../notifications/notify.js';
import { halalasToDecimal } from '../../server/money.js';
import { toGlobalId } from '../../server/global-id.js';
import { Refusal, refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { PaymentErrorCode } from './errors.js';
import { createFailedRefunds } from './failed-refunds.js';

export const MAX_BILLS_PER_PAYMENT = 50;
/** Gateway calls a refund gets before it is left FAILED for an administrator (failed-refunds.ts). */
export const MAX_REFUND_ATTEMPTS = 10;
/** How often a duplicate request looks whether the attempt it waits on has settled. */
const SETTLEMENT_POLL_MS = 20;
const MAX_KEY_LENGTH = 255;
const MAX_CARD_TOKEN_LENGTH = 200;

export interface PaymentsDeps {
  store: PaymentsStore;
  gateway: PaymentGateway;
  billEvents: BillEvents;
  identity: Pick<IdentityService, 'findAccount'>;
  logger: Logger;
  now?: () => Date;
  /** How long the gateway may take before the attempt is abandoned and settled by lookup. */
  gatewayTimeoutMs?: number;
}

export interface PayBillsRequest {
  billIds: readonly number[];
  idempotencyKey: string;
  cardToken: string;
}

type Result<T> = Outcome<T, PaymentErrorCode>;

type FirstStep =
  | { kind: 'refused'; outcome: Result<never> }
  | { kind: 'settled'; payment: PaymentRow }
  | { kind: 'attempt'; payment: PaymentRow; bills: BillRow[] };

/** The same bills in any order and with repeats are the same request. */
function requestDigest(billIds: readonly number[]): string {
  return createHash('sha256').update([...new Set(billIds)].sort((a, b) => a - b).join(',')).digest('hex');
}

const gatewayReference = (payment: Pick<PaymentRow, 'id' | 'attempt'>) => `payment-${payment.id}-${payment.attempt}`;
const refundReference = (refund: Pick<RefundRow, 'id'>) => `refund-${refund.id}`;
const receiptNumber = (payment: PaymentRow, at: Date) => `R${at.getUTCFullYear()}${String(payment.id).padStart(9, '0')}`;

export function createPaymentsService(deps: PaymentsDeps) {
  const { store, gateway, billEvents, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.gatewayTimeoutMs ?? 15_000;

  /** Which of the bills the person may pay now; someone else's bill reads as unknown. */
  function payabilityRefusals(found: readonly BillRow[], billIds: readonly number[], personIdNumber: string): Refusal<PaymentErrorCode>[] {
    const byId = new Map(found.map((bill) => [bill.id, bill]));
    const refusals: Refusal<PaymentErrorCode>[] = [];
    billIds.forEach((id, index) => {
      const bill = byId.get(id);
      const field = ['billIds', String(index)];
      if (!bill || bill.personIdNumber !== personIdNumber) refusals.push(new Refusal('BILL_NOT_FOUND', field));
      else if (bill.status === 'PAID') refusals.push(new Refusal('BILL_ALREADY_PAID', field));
      else if (bill.status === 'CANCELLED') refusals.push(new Refusal('BILL_CANCELLED', field));
      else if (bill.onHold) refusals.push(new Refusal('BILL_ON_HOLD', field));
      else if (bill.reservedByPaymentId !== null) refusals.push(new Refusal('BILL_PAYMENT_IN_PROGRESS', field));
    });
    return refusals;
  }

  async function firstStep(tx: PaymentsTx, accountId: number, personIdNumber: string, request: PayBillsRequest, digest: string, billIds: number[]): Promise<FirstStep> {
    const at = now();
    const existing = await tx.paymentByKey(accountId, request.idempotencyKey);
    if (existing && existing.requestDigest !== digest) return { kind: 'refused', outcome: refuse('IDEMPOTENCY_KEY_REUSED', ['idempotencyKey']) };
    if (existing && (existing.status === 'SUCCEEDED' || existing.status === 'PENDING')) return { kind: 'settled', payment: existing };

    const found = await tx.bills(billIds);
    const refusals = payabilityRefusals(found, billIds, personIdNumber);
    if (refusals.length) return { kind: 'refused', outcome: { ok: false, refusals } };
    const amountHalalas = found.reduce((sum, bill) => sum + bill.amountHalalas, 0);

    const payment = existing
      ? await tx.updatePayment(existing.id, {
          status: 'PENDING', attempt: existing.attempt + 1, attemptedAt: at, amountHalalas, failureCode: null, completedAt: null,
        })
      : await tx.insertPayment(
          { accountId, idempotencyKey: request.idempotencyKey, requestDigest: digest, amountHalalas, status: 'PENDING', attempt: 1, attemptedAt: at, createdAt: at },
          found,
        );
    // Checked above in this same transaction, so this cannot fail short of a bug.
    if (!(await tx.reserve(payment.id, billIds))) throw new Error('bills changed inside the reserving transaction');
    return { kind: 'attempt', payment, bills: found };
  }

  async function askGateway(payment: PaymentRow, cardToken: string): Promise<ChargeResult | null> {
    const reference = gatewayReference(payment);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      return await gateway.charge({ reference, amountHalalas: payment.amountHalalas, cardToken }, deadline.signal);
    } catch (error) {
      // No decision came back (error, reset, deadline): the charge may or may
      // not have been made, so ask the gateway about this very reference.
      logger.warn({ err: error, paymentId: payment.id, attempt: payment.attempt }, 'payment gateway gave no answer; looking the attempt up');
      return gateway.lookup(reference);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Step 3: records the gateway's answer for one attempt, unless it was settled already. */
  async function settle(payment: PaymentRow, result: ChargeResult | null): Promise<void> {
    await store.atomically(async (tx) => {
      const at = now();
      const current = await tx.payment(payment.id);
      if (!current || current.status !== 'PENDING' || current.attempt !== payment.attempt) return;
      if (result?.outcome !== 'APPROVED') {
        await tx.updatePayment(current.id, {
          status: result ? 'DECLINED' : 'FAILED',
          failureCode: result ? 'CARD_DECLINED' : 'GATEWAY_NO_ANSWER',
          completedAt: at,
        });
        await tx.release(current.id);
        return;
      }
      const reserved = await tx.billsReservedBy(current.id);
      const receipt = receiptNumber(current, at);
      await tx.updatePayment(current.id, { status: 'SUCCEEDED', receiptNumber: receipt, gatewayReference: result.gatewayReference, completedAt: at });
      for (const bill of reserved) {
        if (bill.status === 'UNPAID') {
          await tx.markPaid(bill.id, current.id, at);
          await billEvents.runPaid(tx.tx, { ...bill, status: 'PAID', paidAt: at, paidByPaymentId: current.id, reservedByPaymentId: null }, at);
        } else {
          // Cancelled by its module while the card was being charged: the
          // money for it goes straight back, and the ledger still balances.
          await tx.insertRefund({ paymentId: current.id, billId: bill.id, amountHalalas: bill.amountHalalas, reason: 'BILL_CANCELLED_DURING_PAYMENT', createdAt: at });
        }
      }
      await tx.release(current.id);
      const owner = reserved[0]?.personIdNumber;
      if (owner) {
        const amount = halalasToDecimal(current.amountHalalas);
        await notify(
          tx.tx,
          {
            personIdNumber: owner,
            kind: 'PAYMENT_SUCCEEDED',
            title: { en: 'Payment received', ar: 'تم استلام السداد' },
            body: {
              en: `We received SAR ${amount} for ${reserved.length} bill(s). Receipt number ${receipt}.`,
              ar: `تم استلام ${amount} ريال عن ${reserved.length} فاتورة. رقم الإيصال ${receipt}.`,
            },
            subjectId: toGlobalId('Payment', current.id),
          },
          at,
        );
      }
    });
  }

  async function runAttempt(payment: PaymentRow, cardToken: string): Promise<void> {
    const result = await askGateway(payment, cardToken).catch((error: unknown) => {
      // Even the lookup failed: leave the attempt PENDING for `settleUnfinished`.
      logger.error({ err: error, paymentId: payment.id }, 'payment gateway lookup failed; attempt left for reconciliation');
      return undefined;
    });
    if (result !== undefined) await settle(payment, result);
  }

  function answer(payment: PaymentRow): Result<PaymentRow> {
    if (payment.status === 'DECLINED') return refuse('CARD_DECLINED', ['paymentMethod', 'cardToken']);
    if (payment.status === 'FAILED') return refuse('PAYMENT_FAILED', null);
    return succeed(payment);
  }

  /**
   * The payment once its current attempt has an outcome: another request
   * (in this process or another instance) is running it, so wait on the
   * database rather than call the gateway again. PENDING after the attempt's
   * deadline: the client asks again with the same key.
   */
  async function settledPayment(id: number): Promise<PaymentRow> {
    const giveUpAt = Date.now() + 2 * timeoutMs;
    for (;;) {
      const payment = await store.findPayment(id);
      if (!payment) throw new Error('payment vanished');
      if (payment.status !== 'PENDING' || Date.now() >= giveUpAt) return payment;
      await new Promise((resolve) => setTimeout(resolve, SETTLEMENT_POLL_MS));
    }
  }

  /**
   * Settles attempts whose gateway deadline has passed without an outcome
   * (the process died between steps 2 and 3, or the lookup failed): the
   * gateway's record decides, and an attempt it never saw is FAILED, which
   * releases its bills. Bills are therefore never reserved for longer than
   * the deadline plus the next reconciliation.
   */
  async function settleUnfinished(accountId?: number): Promise<number> {
    const before = new Date(now().getTime() - 2 * timeoutMs);
    // Older than twice the gateway deadline: whoever ran the attempt has
    // given up on its answer (or died), in whatever instance it ran.
    const unsettled = await store.unsettledPayments(before, accountId);
    for (const payment of unsettled) {
      const result = await gateway.lookup(gatewayReference(payment)).catch((error: unknown) => {
        logger.error({ err: error, paymentId: payment.id }, 'payment gateway lookup failed during reconciliation');
        return undefined;
      });
      if (result === undefined) continue;
      try {
        await settle(payment, result);
      } catch (error) {
        // One payment that cannot be recorded (a bill handler failing) must
        // not stop the person from paying anything else; it stays PENDING.
        logger.error({ err: error, paymentId: payment.id }, 'could not record a reconciled payment');
      }
    }
    return unsettled.length;
  }

  /** Records one gateway call for a refund (null: no answer), unless another run recorded it first. */
  function recordRefund(refund: RefundRow, result: RefundResult | null): Promise<RefundRow['status']> {
    return store.atomically(async (tx): Promise<RefundRow['status']> => {
      const current = await tx.refund(refund.id);
      if (!current || current.status !== 'PENDING') return current?.status ?? 'FAILED';
      const attempts = current.attempts + 1;
      if (result?.outcome === 'REFUNDED') {
        await tx.updateRefund(current.id, { status: 'SENT', gatewayReference: result.gatewayReference, attempts, sentAt: now() });
        return 'SENT';
      }
      if (result?.outcome === 'REJECTED' || attempts >= MAX_REFUND_ATTEMPTS) {
        await tx.updateRefund(current.id, { status: 'FAILED', attempts });
        logger.error(
          { refundId: current.id, paymentId: current.paymentId, attempts, reason: result?.outcome === 'REJECTED' ? result.reason : 'GATEWAY_NO_ANSWER' },
          'refund could not be credited; it needs settling by hand',
        );
        return 'FAILED';
      }
      await tx.updateRefund(current.id, { attempts });
      return 'PENDING';
    });
  }

  let refundRun: Promise<{ sent: number; pending: number; failed: number }> | null = null;

  /**
   * Credits the cards of refunds recorded by the transactions that owe them
   * (an objection accepted on a paid fine, a bill cancelled while its card was
   * charged): the outbox's second half. Each refund is sent outside any
   * transaction with its own reference, so a crash or a concurrent run can
   * only repeat a call the gateway answers once. A call without an answer
   * leaves the refund PENDING for the next run.
   */
  function sendPendingRefunds(): Promise<{ sent: number; pending: number; failed: number }> {
    // One run at a time in this process: a second caller shares the run in
    // progress rather than counting the same gateway call twice.
    refundRun ??= sendRefunds().finally(() => {
      refundRun = null;
    });
    return refundRun;
  }

  async function sendRefunds(): Promise<{ sent: number; pending: number; failed: number }> {
    const counts = { sent: 0, pending: 0, failed: 0 };
    for (const { refund, payment } of await store.pendingRefunds()) {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const result = await gateway
        .refund({ reference: refundReference(refund), chargeReference: gatewayReference(payment), amountHalalas: refund.amountHalalas }, deadline.signal)
        .catch((error: unknown) => {
          logger.warn({ err: error, refundId: refund.id, attempt: refund.attempts + 1 }, 'payment gateway gave no answer to a refund; it will be sent again');
          return null;
        })
        .finally(() => clearTimeout(timer));
      try {
        const status = await recordRefund(refund, result);
        if (status === 'SENT') counts.sent += 1;
        else if (status === 'FAILED') counts.failed += 1;
        else counts.pending += 1;
      } catch (error) {
        // Not recorded: still PENDING, and the gateway answers the resend from its record.
        logger.error({ err: error, refundId: refund.id }, 'could not record a refund');
        counts.pending += 1;
      }
    }
    return counts;
  }

  return {
    async payBills(accountId: number, request: PayBillsRequest): Promise<Result<PaymentRow>> {
      const key = request.idempotencyKey;
      if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) return refuse('IDEMPOTENCY_KEY_INVALID', ['idempotencyKey']);
      const billIds = [...new Set(request.billIds)];
      if (billIds.length === 0) return refuse('NO_BILLS', ['billIds']);
      if (billIds.length > MAX_BILLS_PER_PAYMENT) return refuse('TOO_MANY_BILLS', ['billIds'], { max: MAX_BILLS_PER_PAYMENT });
      if (request.cardToken.length === 0 || request.cardToken.length > MAX_CARD_TOKEN_LENGTH) {
        return refuse('CARD_TOKEN_INVALID', ['paymentMethod', 'cardToken']);
      }
      const account = await deps.identity.findAccount(accountId);
      if (!account) throw new Error('paying account not found');
      await settleUnfinished(accountId);

      const digest = requestDigest(request.billIds);
      const step = await store.atomically((tx) => firstStep(tx, accountId, account.personIdNumber, request, digest, billIds));
      if (step.kind === 'refused') return step.outcome;
      if (step.kind === 'attempt') await runAttempt(step.payment, request.cardToken);
      // A duplicate (same key) waits for the attempt the first request runs,
      // so every copy of a request gets the same answer.
      return answer(step.payment.status === 'PENDING' || step.kind === 'attempt' ? await settledPayment(step.payment.id) : step.payment);
    },

    settleUnfinished,
    sendPendingRefunds,
    failedRefunds: createFailedRefunds({ store, identity: deps.identity, logger, now }),
    refundsOfPayments: (paymentIds: readonly number[]) => store.refundsOfPayments(paymentIds),

    findBills: (ids: readonly number[]) => store.findBills(ids),
    findBillsBySubject: (kind: BillKind, subjectIds: readonly string[]) => store.findBillsBySubject(kind, subjectIds),
    billsOfPerson: (personIdNumber: string, status: BillRow['status'] | null, limit: number, beforeId: number | null) =>
      store.billsOfPerson(personIdNumber, status, limit, beforeId),
    countBillsOfPerson: (personIdNumber: string, status: BillRow['status'] | null) => store.countBillsOfPerson(personIdNumber, status),
    findPayments: (ids: readonly number[]) => store.findPayments(ids),
    paymentsOfAccount: (accountId: number, limit: number, beforeId: number | null) => store.paymentsOfAccount(accountId, limit, beforeId),
    countPaymentsOfAccount: (accountId: number) => store.countPaymentsOfAccount(accountId),
    billsOfPayments: (paymentIds: readonly number[]) => store.billsOfPayments(paymentIds),
    ledger: () => store.ledger(),
    /** The gateway in use (tests read the simulated gateway's charges). */
    gateway,
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
