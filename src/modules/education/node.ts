// `node(id:)` for education records: the owner and education officers only.
import type { NodeFetcher } from '../../server/node.js';

export const educationNodeFetchers: Record<string, NodeFetcher> = {
  async EducationRecord(localId, context) {
    if (context.viewer?.kind !== 'person' || !/^[1-9][0-9]{0,15}$/.test(localId)) return null;
    const record = await context.loaders.education.recordById.load(Number(localId));
    return context.services.education.visibleTo(record, context.viewer, context.requestId);
  },
};
