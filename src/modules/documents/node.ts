// Which documents objects `node(id:)` returns, and to whom: only the holder.
import type { NodeFetcher } from '../../server/node.js';
import { holderOf } from './holder.js';

const localInt = (localId: string) => (/^[1-9][0-9]{0,15}$/.test(localId) ? Number(localId) : null);

export const documentsNodeFetchers: Record<string, NodeFetcher> = {
  async Document(localId, context) {
    const id = localInt(localId);
    const holder = await holderOf(context);
    if (id === null || !holder) return null;
    const document = await context.loaders.documents.documentById.load(id);
    return document && document.personIdNumber === holder.idNumber ? document : null;
  },
  async DocumentRenewal(localId, context) {
    const id = localInt(localId);
    const holder = await holderOf(context);
    if (id === null || !holder) return null;
    const renewal = await context.loaders.documents.renewalById.load(id);
    const document = renewal ? await context.loaders.documents.documentById.load(renewal.documentId) : null;
    return renewal && document?.personIdNumber === holder.idNumber ? renewal : null;
  },
  async ExitReentryVisa(localId, context) {
    const id = localInt(localId);
    const holder = await holderOf(context);
    if (id === null || !holder) return null;
    return context.services.documents.visaOf(holder, id);
  },
};
