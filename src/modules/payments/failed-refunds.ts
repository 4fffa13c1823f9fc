// Refunds the gateway refused or stopped answering (MAX_REFUND_ATTEMPTS) are
// money the state owes a person: they stay FAILED, visible to administrators,
// until one puts them back in the queue once the cause is dealt with. The
// refund keeps its gateway reference, so a retry can never credit twice.
import type { Logger } from 'pino';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityService } from '../identity/service.js';
import type { PaymentErrorCode } from './errors.js';
import type { PaymentsStore } from './store.js';
import type { RefundRow } from './tables.js';

export function createFailedRefunds(deps: {
  store: PaymentsStore;
  identity: Pick<IdentityService, 'findAccount'>;
  logger: Logger;
  now: () => Date;
}) {
  const { store, identity, logger, now } = deps;
  return {
    /** A page of FAILED refunds, oldest first; each person shown gets an access-log row naming the administrator. */
    async list(adminAccountId: number, limit: number, afterId: number | null, requestId: string): Promise<RefundRow[]> {
      const rows = await store.failedRefunds(limit, afterId);
      const admin = await identity.findAccount(adminAccountId);
      const people = [...new Set(rows.map((row) => row.personIdNumber))].filter((idNumber) => idNumber !== admin?.personIdNumber);
      const occurredAt = now();
      await store.recordAdminReads(
        people.map((personIdNumber) => ({
          personIdNumber, accessorKind: 'OFFICER', accessorId: String(adminAccountId),
          accessorName: admin?.username ?? String(adminAccountId), accessorRole: 'ADMIN',
          purpose: 'Sending back a refund the payment gateway did not credit', dataCategory: 'PAYMENT',
          requestId, occurredAt,
        })),
      );
      return rows.map((row) => row.refund);
    },

    count: () => store.countFailedRefunds(),

    /** FAILED back to PENDING with a fresh count of attempts; the refund job sends it on its next run. */
    async retry(adminAccountId: number, refundId: number): Promise<Outcome<RefundRow, PaymentErrorCode>> {
      const outcome = await store.atomically(async (tx): Promise<Outcome<RefundRow, PaymentErrorCode>> => {
        const refund = await tx.refund(refundId);
        if (!refund) return refuse('REFUND_NOT_FOUND', ['refundId']);
        if (refund.status !== 'FAILED') return refuse('REFUND_NOT_FAILED', ['refundId']);
        await tx.updateRefund(refund.id, { status: 'PENDING', attempts: 0 });
        return succeed({ ...refund, status: 'PENDING' as const, attempts: 0 });
      });
      if (outcome.ok) logger.info({ refundId, adminAccountId }, 'failed refund put back in the queue by an administrator');
      return outcome;
    },
  };
}
