// `node(id:)` for support tickets: the owner and support agents only.
import type { NodeFetcher } from '../../server/node.js';

export const supportNodeFetchers: Record<string, NodeFetcher> = {
  async SupportTicket(localId, context) {
    if (context.viewer?.kind !== 'person' || !/^[1-9][0-9]{0,15}$/.test(localId)) return null;
    const ticket = await context.loaders.support.ticketById.load(Number(localId));
    return context.services.support.visibleTo(ticket, context.viewer, context.requestId);
  },
};
