// Thin resolvers: read arguments and context, call the payments service,
// shape the answer. The rules live in the service.
import type { Resolvers } from '../../generated/resolvers-types.js';
import { viewerAccountId, type RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { money } from '../../server/money.js';
import { emptyConnection, pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { paymentErrors } from './errors.js';

/**
 * An account's money is shown only to that account's own session, whatever
 * path led to the Account object: anyone else sees an empty list.
 */
function isViewersAccount(account: { id: number }, context: RequestContext): boolean {
  return context.viewer?.kind === 'person' && context.viewer.accountId === account.id;
}

export const paymentResolvers: Resolvers = {
  Query: {
    failedRefunds: async (_root, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.payments.failedRefunds.list(viewerAccountId(context), page.limit + 1, page.afterKey, context.requestId),
        context.services.payments.failedRefunds.count(),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Mutation: {
    retryRefund: async (_root, { input }, context) => {
      const outcome = await context.services.payments.failedRefunds.retry(viewerAccountId(context), localIntIdOf(input.refundId, 'Refund') ?? 0);
      return toPayload(outcome, paymentErrors, context.language, (refund) => ({ refund }));
    },
    payBills: async (_root, { input }, context) => {
      // A malformed or foreign-typed ID is a bill nobody has: it gets the
      // same BILL_NOT_FOUND as an unknown one (0 matches no row).
      const billIds = input.billIds.map((id) => localIntIdOf(id, 'Bill') ?? 0);
      const outcome = await context.services.payments.payBills(viewerAccountId(context), {
        billIds,
        idempotencyKey: input.idempotencyKey,
        cardToken: input.paymentMethod.cardToken,
      });
      return toPayload(outcome, paymentErrors, context.language, (payment) => ({ payment }));
    },
  },

  Account: {
    bills: async (account, args, context) => {
      const page = pageRequest(args);
      if (!isViewersAccount(account, context)) return emptyConnection();
      const status = args.status ?? null;
      const [rows, total] = await Promise.all([
        context.services.payments.billsOfPerson(account.personIdNumber, status, page.limit + 1, page.afterKey),
        context.services.payments.countBillsOfPerson(account.personIdNumber, status),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
    payments: async (account, args, context) => {
      const page = pageRequest(args);
      if (!isViewersAccount(account, context)) return emptyConnection();
      const [rows, total] = await Promise.all([
        context.services.payments.paymentsOfAccount(account.id, page.limit + 1, page.afterKey),
        context.services.payments.countPaymentsOfAccount(account.id),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Bill: {
    id: (bill) => toGlobalId('Bill', bill.id),
    amount: (bill) => money(bill.amountHalalas),
    description: (bill) => ({ ar: bill.descriptionAr, en: bill.descriptionEn }),
  },

  Payment: {
    id: (payment) => toGlobalId('Payment', payment.id),
    amount: (payment) => money(payment.amountHalalas),
    bills: (payment, _args, context) => context.loaders.payments.billsOfPayment.load(payment.id),
    refunds: (payment, _args, context) => context.loaders.payments.refundsOfPayment.load(payment.id),
  },

  Refund: {
    id: (refund) => toGlobalId('Refund', refund.id),
    amount: (refund) => money(refund.amountHalalas),
    payment: async (refund, _args, context) => {
      const payment = await context.loaders.payments.paymentById.load(refund.paymentId);
      if (!payment) throw new Error(`refund ${refund.id} without its payment`);
      return payment;
    },
  },
};
