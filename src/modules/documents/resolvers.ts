// Thin resolvers: read arguments and context, call the documents service,
// shape the answer. The rules live in status.ts, renewals.ts and visas.ts.
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { money } from '../../server/money.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { toUserError } from '../../server/user-errors.js';
import { documentErrors } from './errors.js';
import { requireHolder } from './holder.js';
import { blockerRefusal } from './renewals.js';
import { daysBetween, toHijri, toHijriText } from './calendar.js';
import { documentStatus } from './status.js';

// An ID of the wrong type or shape is just an unknown ID: 0 matches no row.
const documentIdFrom = (globalId: string) => localIntIdOf(globalId, 'Document') ?? 0;
const visaIdFrom = (globalId: string) => localIntIdOf(globalId, 'ExitReentryVisa') ?? 0;

const billOf = (billId: number | null, context: RequestContext) => (billId === null ? null : context.loaders.documents.billById.load(billId));

export const documentsResolvers: Resolvers = {
  Query: {
    renewalEligibility: async (_root, { documentId }, context) =>
      context.services.documents.renewals.eligibility(await requireHolder(context), documentIdFrom(documentId)),
  },

  Mutation: {
    renewDocument: async (_root, { input }, context) =>
      toPayload(
        await context.services.documents.renewals.renew(await requireHolder(context), documentIdFrom(input.documentId), input.periodMonths ?? null),
        documentErrors, context.language,
        ({ renewal }) => ({ renewal }),
      ),
    cancelDocumentRenewal: async (_root, { input }, context) =>
      toPayload(
        await context.services.documents.renewals.cancel(await requireHolder(context), localIntIdOf(input.renewalId, 'DocumentRenewal') ?? 0),
        documentErrors, context.language,
        (renewal) => ({ renewal }),
      ),
    issueExitReentryVisa: async (_root, { input }, context) =>
      toPayload(
        await context.services.documents.visas.issue(await requireHolder(context), input.type, input.months),
        documentErrors, context.language,
        ({ visa }) => ({ visa }),
      ),
    extendExitReentryVisa: async (_root, { input }, context) =>
      toPayload(
        await context.services.documents.visas.extend(await requireHolder(context), visaIdFrom(input.visaId), input.months),
        documentErrors, context.language,
        ({ visa, extension }) => ({ visa, extension }),
      ),
    cancelExitReentryVisa: async (_root, { input }, context) =>
      toPayload(await context.services.documents.visas.cancel(await requireHolder(context), visaIdFrom(input.visaId)), documentErrors, context.language, (visa) => ({ visa })),
    createDocumentProof: async (_root, { input }, context) =>
      toPayload(
        await context.services.documents.proofs.create(await requireHolder(context), documentIdFrom(input.documentId)),
        documentErrors, context.language,
        (proof) => ({ proof }),
      ),
  },

  Account: {
    documents: (account, _args, context) => context.loaders.documents.documentsByPerson.load(account.personIdNumber),
    exitReentryVisas: async (account, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.documents.visasOfPerson(account.personIdNumber, page.limit + 1, page.afterKey),
        context.services.documents.countVisasOfPerson(account.personIdNumber),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Document: {
    id: (document) => toGlobalId('Document', document.id),
    expiresOnHijri: (document) => toHijri(document.expiresOn),
    expiresOnHijriText: (document) => toHijriText(document.expiresOn),
    status: async (document, _args, context) => {
      const pending = await context.loaders.documents.pendingRenewalByDocument.load(document.id);
      return documentStatus(document, context.services.documents.today(), pending !== null);
    },
    daysUntilExpiry: (document, _args, context) => daysBetween(context.services.documents.today(), document.expiresOn),
    pendingRenewal: (document, _args, context) => context.loaders.documents.pendingRenewalByDocument.load(document.id),
  },

  DocumentRenewal: {
    id: (renewal) => toGlobalId('DocumentRenewal', renewal.id),
    document: async (renewal, _args, context) => {
      const document = await context.loaders.documents.documentById.load(renewal.documentId);
      if (!document) throw new Error(`renewal ${renewal.id} without its document`);
      return document;
    },
    bill: (renewal, _args, context) => billOf(renewal.billId, context),
  },

  RenewalEligibility: {
    eligible: (eligibility) => eligibility.blockers.length === 0,
  },

  RenewalBlocker: {
    message: (blocker, _args, context) => toUserError(documentErrors, blockerRefusal(blocker), context.language).message,
    unpaidCount: (blocker) => blocker.unpaid?.count ?? null,
    unpaidAmount: (blocker) => (blocker.unpaid ? money(blocker.unpaid.amountHalalas) : null),
    opensOn: (blocker) => blocker.opensOn ?? null,
  },

  RenewalQuote: {
    periodMonths: (quote) => quote.months,
    fee: (quote) => money(quote.feeHalalas),
  },

  ExitReentryVisa: {
    id: (visa) => toGlobalId('ExitReentryVisa', visa.id),
    type: (visa) => visa.visaType,
    bill: (visa, _args, context) => billOf(visa.billId, context),
    extensions: (visa, _args, context) => context.loaders.documents.extensionsByVisa.load(visa.id),
  },

  ExitReentryVisaExtension: {
    id: (extension) => toGlobalId('ExitReentryVisaExtension', extension.id),
    bill: (extension, _args, context) => billOf(extension.billId, context),
  },
};
