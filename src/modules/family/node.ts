// Which family objects `node(id:)` returns, and to whom (the rules are the
// service's): a dependent to its guardian, a delegation to its two parties, a
// spouse request to its requester and invitee, a visa application to its
// applicant and to residency officers. Anyone else gets null, as for an
// unknown ID.
import type { NodeFetcher } from '../../server/node.js';
import type { RequestContext } from '../../server/context.js';

const intId = (localId: string) => (/^[1-9][0-9]{0,15}$/.test(localId) ? Number(localId) : null);

async function viewerIdNumber(context: RequestContext): Promise<string | null> {
  if (context.viewer?.kind !== 'person') return null;
  return (await context.loaders.identity.accountById.load(context.viewer.accountId))?.personIdNumber ?? null;
}

export const familyNodeFetchers: Record<string, NodeFetcher> = {
  async Dependent(localId, context) {
    const id = intId(localId);
    const idNumber = await viewerIdNumber(context);
    if (id === null || idNumber === null) return null;
    return (await context.services.family.dependents.findDependent(idNumber, id)) ?? null;
  },
  async Delegation(localId, context) {
    const id = intId(localId);
    const idNumber = await viewerIdNumber(context);
    if (id === null || idNumber === null) return null;
    return (await context.services.family.delegations.findFor(idNumber, id)) ?? null;
  },
  async SpouseRequest(localId, context) {
    const id = intId(localId);
    const idNumber = await viewerIdNumber(context);
    if (id === null || idNumber === null) return null;
    return (await context.services.family.spouseRequests.findFor(idNumber, id)) ?? null;
  },
  async FamilyVisitVisa(localId, context) {
    const id = intId(localId);
    const idNumber = await viewerIdNumber(context);
    if (id === null || idNumber === null || context.viewer?.kind !== 'person') return null;
    const isResidencyOfficer = context.viewer.roles.includes('RESIDENCY_OFFICER');
    return (await context.services.family.visitVisas.findFor({ idNumber, isResidencyOfficer }, id)) ?? null;
  },
};
