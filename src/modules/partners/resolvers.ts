import { GraphQLError } from 'graphql';
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { toPayload } from '../../server/payload.js';
import type { Viewer } from '../../auth/tokens.js';
import { partnerErrors } from './errors.js';

function partner(context: RequestContext): Extract<Viewer, { kind: 'partner' }> {
  if (context.viewer?.kind !== 'partner') throw new Error('expected a partner');
  return context.viewer;
}

async function viewerIdNumber(context: RequestContext): Promise<string> {
  if (context.viewer?.kind !== 'person') throw new Error('expected a signed-in person');
  const account = await context.loaders.identity.accountById.load(context.viewer.accountId);
  if (!account) throw new Error('signed-in account vanished');
  return account.personIdNumber;
}

const badInput = (message: string, argumentName: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });

export const partnerResolvers: Resolvers = {
  Query: {
    verifyDocument: (_root, args, context) => {
      if (args.idNumber.length > 20 || args.documentNumber.length > 64) throw badInput('Argument too long.', 'documentNumber');
      return context.services.partners.verifyDocument(partner(context), args.idNumber, args.documentNumber, context);
    },
    matchIdentity: (_root, args, context) => {
      if (args.idNumber.length > 20 || args.fullNameEn.length > 200) throw badInput('Argument too long.', 'fullNameEn');
      return context.services.partners.matchIdentity(partner(context), args, context);
    },
  },
  Mutation: {
    grantPartnerConsent: async (_root, { input }, context) => {
      if (input.days !== null && input.days !== undefined && (input.days < 1 || input.days > 365)) throw badInput('"days" must be 1 to 365.', 'days');
      return toPayload(
        await context.services.partners.grantConsent(await viewerIdNumber(context), input.partnerClientId, input.purpose, input.days ?? null),
        partnerErrors, context.language,
        (consent) => ({ consent }),
      );
    },
    revokePartnerConsent: async (_root, { input }, context) =>
      toPayload(
        await context.services.partners.revokeConsent(await viewerIdNumber(context), localIntIdOf(input.consentId, 'PartnerConsent') ?? 0),
        partnerErrors, context.language,
        (consent) => ({ consent }),
      ),
  },
  Account: {
    partnerConsents: (account, _args, context) => context.services.partners.consentsOf(account.personIdNumber),
  },
  PartnerConsent: {
    id: (consent) => toGlobalId('PartnerConsent', consent.id),
    partner: async (consent, _args, context) => {
      const found = await context.services.partners.findPartner(consent.partnerClientId);
      return { clientId: consent.partnerClientId, name: found?.name ?? consent.partnerClientId };
    },
    active: (consent, _args, context) => context.services.partners.consentIsActive(consent),
  },
};
