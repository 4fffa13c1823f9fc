// `node(id:)` for notifications: only the person they are addressed to.
import type { NodeFetcher } from '../../server/node.js';
import { viewerIdNumber } from './resolvers.js';

export const notificationNodeFetchers: Record<string, NodeFetcher> = {
  async Notification(localId, context) {
    if (context.viewer?.kind !== 'person' || !/^[1-9][0-9]{0,15}$/.test(localId)) return null;
    const row = await context.loaders.notifications.notificationById.load(Number(localId));
    return context.services.notifications.visibleTo(row, await viewerIdNumber(context));
  },
};
