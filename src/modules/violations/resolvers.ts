// Thin resolvers: read arguments and context, call the violations service,
// shape the answer. The rules live in the service.
import type { Resolvers } from '../../generated/resolvers-types.js';
import { viewerAccountId, type RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { money } from '../../server/money.js';
import { emptyConnection, pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { violationErrors } from './errors.js';
import { objectionDeadline } from './service.js';

/** A person's violations are listed only to their own session, whatever path led to the Account. */
const isViewersAccount = (account: { id: number }, context: RequestContext) => context.viewer?.kind === 'person' && context.viewer.accountId === account.id;

export const violationResolvers: Resolvers = {
  Query: {
    pendingViolationObjections: async (_root, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.violations.pendingObjections(page.limit + 1, page.afterKey),
        context.services.violations.countPendingObjections(),
      ]);
      const connection = toConnection(rows, page, (row) => row.id, total);
      const shown = await context.loaders.violations.violationById.loadMany(connection.edges.map((edge) => edge.node.violationId));
      const people = shown.flatMap((violation) => (violation && !(violation instanceof Error) ? [violation.personIdNumber] : []));
      await context.services.violations.recordOfficerRead(viewerAccountId(context), people, context.requestId);
      return connection;
    },
  },

  Mutation: {
    objectToViolation: async (_root, { input }, context) =>
      toPayload(
        // A malformed or foreign-typed ID reads as an unknown violation (0 matches no row).
        await context.services.violations.objectToViolation(viewerAccountId(context), localIntIdOf(input.violationId, 'TrafficViolation') ?? 0, input.reason),
        violationErrors, context.language,
        (objection) => ({ objection }),
      ),
    issueTrafficViolation: async (_root, { input }, context) =>
      toPayload(
        await context.services.violations.issueViolation({ ...input, issuedAt: input.issuedAt ?? null }),
        violationErrors, context.language,
        (violation) => ({ violation }),
      ),
    decideViolationObjection: async (_root, { input }, context) =>
      toPayload(
        await context.services.violations.decideObjection(
          viewerAccountId(context), localIntIdOf(input.objectionId, 'ViolationObjection') ?? 0, input.accept, input.note ?? null,
        ),
        violationErrors, context.language,
        (objection) => ({ objection }),
      ),
  },

  Account: {
    trafficViolations: async (account, args, context) => {
      const page = pageRequest(args);
      if (!isViewersAccount(account, context)) return emptyConnection();
      const status = args.status ?? null;
      const [rows, total] = await Promise.all([
        context.services.violations.violationsOfPerson(account.personIdNumber, status, page.limit + 1, page.afterKey),
        context.services.violations.countViolationsOfPerson(account.personIdNumber, status),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  TrafficViolation: {
    id: (violation) => toGlobalId('TrafficViolation', violation.id),
    amount: (violation) => money(violation.amountHalalas),
    bill: (violation, _args, context) => context.loaders.payments.billOfTrafficViolation.load(String(violation.id)),
    issuedAt: (violation) => new Date(violation.issuedAt),
    description: (violation) => ({ ar: violation.descriptionAr, en: violation.descriptionEn }),
    objectionDeadline: (violation) => objectionDeadline(violation),
    pendingObjection: (violation, _args, context) => context.loaders.violations.pendingObjectionOfViolation.load(violation.id),
  },

  ViolationObjection: {
    id: (objection) => toGlobalId('ViolationObjection', objection.id),
    violation: async (objection, _args, context) => {
      const violation = await context.loaders.violations.violationById.load(objection.violationId);
      if (!violation) throw new Error('objection without its violation');
      return violation;
    },
  },
};
