// `Query.node(id:)`: each type that implements Node says how to fetch one of
// its objects *for this viewer*. An object the viewer may not see is null,
// exactly like an unknown ID, so IDs cannot be probed.
import type { RequestContext } from './context.js';
import { fromGlobalId } from './global-id.js';
import { identityNodeFetchers } from '../modules/identity/node.js';
import { paymentNodeFetchers } from '../modules/payments/node.js';
import { violationNodeFetchers } from '../modules/violations/node.js';
import { documentsNodeFetchers } from '../modules/documents/node.js';
import { notificationNodeFetchers } from '../modules/notifications/node.js';
import { healthNodeFetchers } from '../modules/health/node.js';
import { supportNodeFetchers } from '../modules/support/node.js';
import { educationNodeFetchers } from '../modules/education/node.js';
import { familyNodeFetchers } from '../modules/family/node.js';

export type NodeFetcher = (localId: string, context: RequestContext) => Promise<object | null>;

const fetchers: Record<string, NodeFetcher> = {
  ...healthNodeFetchers,
  ...identityNodeFetchers,
  ...paymentNodeFetchers,
  ...violationNodeFetchers,
  ...documentsNodeFetchers,
  ...notificationNodeFetchers,
  ...supportNodeFetchers,
  ...educationNodeFetchers,
  ...familyNodeFetchers,
};

export async function fetchNode(globalId: string, context: RequestContext): Promise<object | null> {
  const parsed = fromGlobalId(globalId);
  const fetch = parsed ? fetchers[parsed.type] : undefined;
  if (!parsed || !fetch) return null;
  const node = await fetch(parsed.localId, context);
  return node ? { ...node, __typename: parsed.type } : null;
}
