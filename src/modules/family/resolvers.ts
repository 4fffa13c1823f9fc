// Thin resolvers: read arguments and context, call the family service, shape
// the answer. The rules live in the service.
import { GraphQLError } from 'graphql';
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { viewerAccountId } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { money } from '../../server/money.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import type { RegistryPersonRow } from '../registry/tables.js';
import { familyErrors } from './errors.js';
import { DEPENDENT_FEE_HALALAS, isResident } from './dependent-fees.js';
import { isMonth } from './dates.js';
import type { DelegationPartyView } from './delegations.js';

/** The signed-in person's account ID and ID number. */
async function viewerPerson(context: RequestContext): Promise<{ accountId: number; idNumber: string }> {
  const accountId = viewerAccountId(context);
  const account = await context.loaders.identity.accountById.load(accountId);
  if (!account) throw new Error('signed-in account vanished');
  return { accountId, idNumber: account.personIdNumber };
}

async function registryPerson(context: RequestContext, idNumber: string): Promise<RegistryPersonRow> {
  const person = await context.loaders.registry.personByIdNumber.load(idNumber);
  if (!person) throw new Error('family record names a person missing from the registry');
  return person;
}

const partyView = (person: RegistryPersonRow, named: boolean): DelegationPartyView => ({
  idNumber: person.idNumber,
  name: named ? { ar: person.nameAr, en: person.nameEn } : null,
});

// An ID of another type, or garbage, is looked up as 0: no row has it, so the
// caller gets the same "not found" as for someone else's object.
const delegationIdOf = (globalId: string) => localIntIdOf(globalId, 'Delegation') ?? 0;
const visaIdOf = (globalId: string) => localIntIdOf(globalId, 'FamilyVisitVisa') ?? 0;
const spouseRequestIdOf = (globalId: string) => localIntIdOf(globalId, 'SpouseRequest') ?? 0;

export const familyResolvers: Resolvers = {
  Query: {
    familyVisitVisaApplications: async (_root, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.family.visitVisas.queue(args.status, page.limit + 1, page.afterKey),
        context.services.family.visitVisas.countQueue(args.status),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Mutation: {
    registerNewborn: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(
        await context.services.family.dependents.registerNewborn(viewer.idNumber, input.idNumber.trim()),
        familyErrors, context.language,
        ({ dependent, lateRegistrationFine }) => ({ dependent, lateRegistrationFine }),
      );
    },
    addSpouse: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(await context.services.family.spouseRequests.request(viewer.idNumber, input.idNumber.trim()), familyErrors, context.language, (spouseRequest) => ({
        dependent: null,
        spouseRequest,
      }));
    },
    acceptSpouseRequest: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(
        await context.services.family.spouseRequests.accept(viewer.idNumber, spouseRequestIdOf(input.spouseRequestId)),
        familyErrors, context.language,
        (spouseRequest) => ({ spouseRequest }),
      );
    },
    declineSpouseRequest: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(
        await context.services.family.spouseRequests.decline(viewer.idNumber, spouseRequestIdOf(input.spouseRequestId)),
        familyErrors, context.language,
        (spouseRequest) => ({ spouseRequest }),
      );
    },
    cancelSpouseRequest: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(
        await context.services.family.spouseRequests.cancel(viewer.idNumber, spouseRequestIdOf(input.spouseRequestId)),
        familyErrors, context.language,
        (spouseRequest) => ({ spouseRequest }),
      );
    },
    removeDependent: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      const linkId = localIntIdOf(input.dependentId, 'Dependent') ?? 0;
      return toPayload(await context.services.family.dependents.removeDependent(viewer.idNumber, linkId), familyErrors, context.language, (link) => ({
        removedDependentId: toGlobalId('Dependent', link.id),
      }));
    },
    authorizeDelegation: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(
        await context.services.family.delegations.authorize(viewer.idNumber, { ...input, granteeIdNumber: input.granteeIdNumber.trim() }),
        familyErrors, context.language,
        (delegation) => ({ delegation }),
      );
    },
    acceptDelegation: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(await context.services.family.delegations.accept(viewer.idNumber, delegationIdOf(input.delegationId)), familyErrors, context.language, (delegation) => ({
        delegation,
      }));
    },
    declineDelegation: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(await context.services.family.delegations.decline(viewer.idNumber, delegationIdOf(input.delegationId)), familyErrors, context.language, (delegation) => ({
        delegation,
      }));
    },
    revokeDelegation: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(await context.services.family.delegations.revoke(viewer.idNumber, delegationIdOf(input.delegationId)), familyErrors, context.language, (delegation) => ({
        delegation,
      }));
    },
    applyFamilyVisitVisa: async (_root, { input }, context) => {
      const viewer = await viewerPerson(context);
      return toPayload(await context.services.family.visitVisas.apply(viewer, input), familyErrors, context.language, (visa) => ({ visa }));
    },
    decideFamilyVisitVisa: async (_root, { input }, context) =>
      toPayload(
        await context.services.family.visitVisas.decide(viewerAccountId(context), visaIdOf(input.visaId), input.decision === 'APPROVE', input.note ?? null),
        familyErrors, context.language,
        (visa) => ({ visa }),
      ),
    issueFamilyVisitVisa: async (_root, { input }, context) =>
      toPayload(await context.services.family.visitVisas.issue(viewerAccountId(context), visaIdOf(input.visaId)), familyErrors, context.language, (visa) => ({ visa })),
    billDependentFees: async (_root, { input }, context) => {
      const month = input.month ?? undefined;
      if (month !== undefined && !isMonth(month)) {
        throw new GraphQLError('month must be written YYYY-MM.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.month' } });
      }
      const result = await context.services.family.billDependentFees(month);
      return { ...result, userErrors: [] };
    },
  },

  Account: {
    dependents: (account, _args, context) => context.loaders.family.dependentsOfGuardian.load(account.personIdNumber),
    spouseRequests: async (account, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.family.spouseRequests.requestsOf(account.personIdNumber, args.direction, page.limit + 1, page.afterKey),
        context.services.family.spouseRequests.countRequestsOf(account.personIdNumber, args.direction),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
    delegations: async (account, args, context) => {
      const page = pageRequest(args);
      const direction = args.direction ?? null;
      const [rows, total] = await Promise.all([
        context.services.family.delegations.delegationsOf(account.personIdNumber, direction, page.limit + 1, page.afterKey),
        context.services.family.delegations.countDelegationsOf(account.personIdNumber, direction),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
    familyVisitVisas: async (account, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.family.visitVisas.visasOf(account.personIdNumber, page.limit + 1, page.afterKey),
        context.services.family.visitVisas.countVisasOf(account.personIdNumber),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Dependent: {
    id: (link) => toGlobalId('Dependent', link.id),
    person: (link, _args, context) => registryPerson(context, link.dependentIdNumber),
    monthlyFee: (link) => (isResident(link.guardianIdNumber) ? money(DEPENDENT_FEE_HALALAS) : null),
  },

  SpouseRequest: {
    id: (request) => toGlobalId('SpouseRequest', request.id),
    status: (request, _args, context) => context.services.family.spouseRequests.statusOf(request),
    // The requester made themselves known by asking.
    requester: async (request, _args, context) => partyView(await registryPerson(context, request.requesterIdNumber), true),
    invitee: async (request, _args, context) => {
      const invitee = await registryPerson(context, request.inviteeIdNumber);
      const named = request.status === 'ACCEPTED' || (await viewerPerson(context)).idNumber === invitee.idNumber;
      return partyView(invitee, named);
    },
  },

  Delegation: {
    id: (delegation) => toGlobalId('Delegation', delegation.id),
    status: (delegation, _args, context) => context.services.family.delegations.statusOf(delegation),
    grantor: async (delegation, _args, context) => partyView(await registryPerson(context, delegation.grantorIdNumber), true),
    grantee: async (delegation, _args, context) => {
      const grantee = await registryPerson(context, delegation.granteeIdNumber);
      const named = delegation.acceptedAt !== null || (await viewerPerson(context)).idNumber === grantee.idNumber;
      return partyView(grantee, named);
    },
    actions: async (delegation, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.family.delegations.actionsOf(delegation.id, page.limit + 1, page.afterKey),
        context.services.family.delegations.countActionsOf(delegation.id),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  DelegationAction: {
    actor: async (action, _args, context) => {
      const account = await context.loaders.identity.accountById.load(action.actorAccountId);
      if (!account) throw new Error('delegation action by an unknown account');
      // Actions happen only after the grantee accepted: their name is no secret to the grantor.
      return partyView(await registryPerson(context, account.personIdNumber), true);
    },
  },

  FamilyVisitVisa: {
    id: (visa) => toGlobalId('FamilyVisitVisa', visa.id),
    visitor: (visa) => visa,
    from: (visa) => visa.arrivalDate,
    to: (visa) => visa.departureDate,
    fee: (visa, _args, context) => (visa.billId === null ? null : context.loaders.payments.billById.load(visa.billId)),
  },

  FamilyVisitor: {
    name: (visa) => visa.visitorNameEn,
    nationality: (visa) => visa.visitorNationality,
    passportNumber: (visa) => visa.visitorPassportNumber,
    relationship: (visa) => visa.relationship as never,
  },
};
