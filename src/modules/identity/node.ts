// Which identity objects `node(id:)` returns, and to whom: only the owner.
import type { NodeFetcher } from '../../server/node.js';

export const identityNodeFetchers: Record<string, NodeFetcher> = {
  async Account(localId, context) {
    if (context.viewer?.kind !== 'person' || String(context.viewer.accountId) !== localId) return null;
    return context.loaders.identity.accountById.load(context.viewer.accountId);
  },
  async Session(localId, context) {
    if (context.viewer?.kind !== 'person') return null;
    const session = await context.services.identity.sessions.openSessions(context.viewer.accountId);
    return session.find((s) => s.id === localId) ?? null;
  },
};
