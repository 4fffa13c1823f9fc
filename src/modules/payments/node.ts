// Which payment objects `node(id:)` returns, and to whom: only the owner.
import type { NodeFetcher } from '../../server/node.js';
import type { RequestContext } from '../../server/context.js';

const INT_ID = /^[1-9][0-9]{0,15}$/;

async function viewerIdNumber(context: RequestContext): Promise<string | null> {
  if (context.viewer?.kind !== 'person') return null;
  return (await context.loaders.identity.accountById.load(context.viewer.accountId))?.personIdNumber ?? null;
}

export const paymentNodeFetchers: Record<string, NodeFetcher> = {
  async Bill(localId, context) {
    if (!INT_ID.test(localId)) return null;
    const [bill, owner] = await Promise.all([context.loaders.payments.billById.load(Number(localId)), viewerIdNumber(context)]);
    return bill && owner && bill.personIdNumber === owner ? bill : null;
  },
  async Payment(localId, context) {
    if (!INT_ID.test(localId) || context.viewer?.kind !== 'person') return null;
    const [payment] = await context.services.payments.findPayments([Number(localId)]);
    return payment && payment.accountId === context.viewer.accountId ? payment : null;
  },
};
