// Thin resolvers for support tickets; the rules are in service.ts.
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { pick } from '../../i18n/language.js';
import { supportErrors } from './errors.js';
import { ticketNumber, type SupportViewer } from './service.js';

const SUPPORT_TEAM = { en: 'Support team', ar: 'فريق الدعم' };

/** The signed-in person or agent; every caller runs behind @signedIn or @role. */
function supportViewer(context: RequestContext): SupportViewer {
  if (context.viewer?.kind !== 'person') throw new Error('expected a signed-in person');
  return context.viewer;
}

const ticketIdFrom = (globalId: string) => localIntIdOf(globalId, 'SupportTicket');

export const supportResolvers: Resolvers = {
  Account: {
    supportTickets: async (account, args, context) => {
      const page = pageRequest(args);
      const status = args.status ?? null;
      const [rows, total] = await Promise.all([
        context.services.support.ticketsOf(account.id, status, page.limit + 1, page.afterKey),
        context.services.support.countTicketsOf(account.id, status),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Query: {
    supportQueue: async (_root, args, context) => {
      const page = pageRequest(args);
      const status = args.status ?? 'OPEN';
      const [rows, total] = await Promise.all([
        context.services.support.queue(supportViewer(context), status, page.limit, page.afterKey, context.requestId),
        context.services.support.countQueue(status),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Mutation: {
    openSupportTicket: async (_root, { input }, context) =>
      toPayload(await context.services.support.open(supportViewer(context).accountId, input), supportErrors, context.language, (ticket) => ({ ticket })),
    addSupportMessage: async (_root, { input }, context) =>
      toPayload(
        await context.services.support.addMessage(supportViewer(context).accountId, ticketIdFrom(input.ticketId), input.message),
        supportErrors, context.language,
        (ticket) => ({ ticket }),
      ),
    answerSupportTicket: async (_root, { input }, context) =>
      toPayload(
        await context.services.support.answer(supportViewer(context), ticketIdFrom(input.ticketId), input.message),
        supportErrors, context.language,
        (ticket) => ({ ticket }),
      ),
    closeSupportTicket: async (_root, { input }, context) =>
      toPayload(
        await context.services.support.close(supportViewer(context), ticketIdFrom(input.ticketId), input.message ?? null),
        supportErrors, context.language,
        (ticket) => ({ ticket }),
      ),
  },

  SupportTicket: {
    id: (ticket) => toGlobalId('SupportTicket', ticket.id),
    number: (ticket) => ticketNumber(ticket),
    category: (ticket) => ticket.category as never,
    messages: (ticket, _args, context) => context.loaders.support.messagesByTicket.load(ticket.id),
  },

  SupportMessage: {
    role: (message) => message.authorRole,
    // Agents are not named to the public; a person's own messages carry their username.
    author: async (message, _args, context) => {
      if (message.authorRole === 'AGENT') return pick(SUPPORT_TEAM, context.language);
      const author = await context.loaders.identity.accountById.load(message.authorAccountId);
      return author?.username ?? '';
    },
  },
};
