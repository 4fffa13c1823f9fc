// Which violation objects `node(id:)` returns, and to whom: the person they
// concern, or a traffic officer (who decides objections on them), whose read
// of someone else's record is written to the access log.
import type { NodeFetcher } from '../../server/node.js';
import type { RequestContext } from '../../server/context.js';

const INT_ID = /^[1-9][0-9]{0,15}$/;

const isTrafficOfficer = (context: RequestContext) => context.viewer?.kind === 'person' && context.viewer.roles.includes('TRAFFIC_OFFICER');

async function viewerIdNumber(context: RequestContext): Promise<string | null> {
  if (context.viewer?.kind !== 'person') return null;
  return (await context.loaders.identity.accountById.load(context.viewer.accountId))?.personIdNumber ?? null;
}

export const violationNodeFetchers: Record<string, NodeFetcher> = {
  async TrafficViolation(localId, context) {
    if (!INT_ID.test(localId) || context.viewer?.kind !== 'person') return null;
    const violation = await context.loaders.violations.violationById.load(Number(localId));
    if (!violation) return null;
    if (violation.personIdNumber === (await viewerIdNumber(context))) return violation;
    if (!isTrafficOfficer(context)) return null;
    await context.services.violations.recordOfficerRead(context.viewer.accountId, [violation.personIdNumber], context.requestId);
    return violation;
  },
  async ViolationObjection(localId, context) {
    if (!INT_ID.test(localId) || context.viewer?.kind !== 'person') return null;
    const objection = await context.loaders.violations.objectionById.load(Number(localId));
    if (!objection) return null;
    if (objection.accountId === context.viewer.accountId) return objection;
    if (!isTrafficOfficer(context)) return null;
    const violation = await context.loaders.violations.violationById.load(objection.violationId);
    if (violation) await context.services.violations.recordOfficerRead(context.viewer.accountId, [violation.personIdNumber], context.requestId);
    return objection;
  },
};
