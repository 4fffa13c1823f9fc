// Thin resolvers for education records; the rules are in service.ts.
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { educationErrors } from './errors.js';
import { isOfficial, type EducationViewer } from './service.js';

function educationViewer(context: RequestContext): EducationViewer {
  if (context.viewer?.kind !== 'person') throw new Error('expected a signed-in person');
  return context.viewer;
}

export const educationResolvers: Resolvers = {
  Account: {
    educationRecords: (account, _args, context) => context.services.education.recordsOf(account.personIdNumber),
  },

  Query: {
    pendingEducationUpdates: async (_root, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.education.pending(educationViewer(context), page.limit, page.afterKey, context.requestId),
        context.services.education.countPending(),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Mutation: {
    submitEducationUpdate: async (_root, { input }, context) =>
      toPayload(await context.services.education.submit(educationViewer(context).accountId, input), educationErrors, context.language, (record) => ({ record })),
    decideEducationUpdate: async (_root, { input }, context) =>
      toPayload(
        await context.services.education.decide(educationViewer(context), localIntIdOf(input.recordId, 'EducationRecord'), input.verify, input.note),
        educationErrors, context.language,
        (record) => ({ record }),
      ),
  },

  EducationRecord: {
    id: (record) => toGlobalId('EducationRecord', record.id),
    field: (record) => record.fieldOfStudy,
    official: (record) => isOfficial(record),
    submittedAt: (record) => record.createdAt,
    person: async (record, _args, context) => {
      const person = await context.loaders.registry.personByIdNumber.load(record.personIdNumber);
      if (!person) throw new Error('education record without a registry person');
      return person;
    },
  },
};
