// `Account.accessLog`: the person's own view of who read their data.
import type { Resolvers } from '../../generated/resolvers-types.js';
import { pageRequest, toConnection } from '../../server/pagination.js';

export const auditResolvers: Resolvers = {
  Account: {
    accessLog: async (account, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.accessLog.entriesOf(account.personIdNumber, page.limit + 1, page.afterKey),
        context.services.accessLog.countOf(account.personIdNumber),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },
};
