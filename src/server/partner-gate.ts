// What a partner token may send to /graphql: a persisted operation from the
// checked-in list, by hash, and nothing else. Query text is refused even when
// it matches a listed operation: the list is an allowlist, not a cache.
import type { PersistedOperation } from './persisted-operations.js';

export type GateDecision =
  | { allowed: true; operation: PersistedOperation }
  | { allowed: false; code: 'OPERATION_NOT_ALLOWED' | 'PERSISTED_QUERY_NOT_FOUND' };

interface GraphQLRequestShape {
  query?: unknown;
  extensions?: unknown;
}

function persistedHash(extensions: unknown): string | null {
  const parsed = typeof extensions === 'string' ? safeJson(extensions) : extensions;
  const persisted = (parsed as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null)?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function gatePartnerRequest(request: GraphQLRequestShape, operations: Map<string, PersistedOperation>): GateDecision {
  if (request.query !== undefined && request.query !== null && request.query !== '') return { allowed: false, code: 'OPERATION_NOT_ALLOWED' };
  const hash = persistedHash(request.extensions);
  if (!hash) return { allowed: false, code: 'OPERATION_NOT_ALLOWED' };
  const operation = operations.get(hash);
  return operation ? { allowed: true, operation } : { allowed: false, code: 'PERSISTED_QUERY_NOT_FOUND' };
}
