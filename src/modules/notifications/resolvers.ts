// Thin resolvers: the reader's language picks the text; the service decides
// whose notifications are whose.
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { viewerAccountId } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { pick } from '../../i18n/language.js';
import { notificationErrors } from './errors.js';

/** The ID number of the signed-in person, whom notifications are addressed to. */
export async function viewerIdNumber(context: RequestContext): Promise<string> {
  const account = await context.loaders.identity.accountById.load(viewerAccountId(context));
  if (!account) throw new Error('signed-in account vanished');
  return account.personIdNumber;
}

export const notificationResolvers: Resolvers = {
  Account: {
    notifications: async (account, args, context) => {
      const page = pageRequest(args);
      const filter = { personIdNumber: account.personIdNumber, unreadOnly: args.unreadOnly ?? false };
      const [rows, total] = await Promise.all([
        context.services.notifications.page(filter, page.limit + 1, page.afterKey),
        context.services.notifications.count(filter),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
    unreadNotificationCount: (account, _args, context) =>
      context.services.notifications.count({ personIdNumber: account.personIdNumber, unreadOnly: true }),
  },

  Mutation: {
    markNotificationsRead: async (_root, { input }, context) => {
      const personIdNumber = await viewerIdNumber(context);
      const outcome = await context.services.notifications.markRead(personIdNumber, {
        notificationIds: input.notificationIds?.map((id) => localIntIdOf(id, 'Notification')) ?? null,
        all: input.all ?? false,
      });
      const unread = outcome.ok ? await context.services.notifications.count({ personIdNumber, unreadOnly: true }) : null;
      return toPayload(outcome, notificationErrors, context.language, ({ markedCount }) => ({ markedCount, unreadNotificationCount: unread }));
    },
  },

  Notification: {
    id: (row) => toGlobalId('Notification', row.id),
    title: (row, _args, context) => pick({ ar: row.titleAr, en: row.titleEn }, context.language),
    body: (row, _args, context) => pick({ ar: row.bodyAr, en: row.bodyEn }, context.language),
    localizedTitle: (row) => ({ ar: row.titleAr, en: row.titleEn }),
    localizedBody: (row) => ({ ar: row.bodyAr, en: row.bodyEn }),
    read: (row) => row.readAt !== null,
  },
};
