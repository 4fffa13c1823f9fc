// Cursor connections. Page sizes are capped here, in the resolver path, and not
// only by a cost rule: a cached document with `first: $n` passes validation
// whatever $n is.
import { GraphQLError } from 'graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  /** How many rows to return. */
  limit: number;
  /** Return rows strictly after this key (keyset pagination), or from the start. */
  afterKey: number | null;
}

export function pageRequest(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`"first" must be between 0 and ${MAX_PAGE_SIZE}.`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
  }
  return { limit: first, afterKey: args.after ? decodeCursor(args.after) : null };
}

export function encodeCursor(key: number): string {
  return Buffer.from(`cursor:${key}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^cursor:(\d{1,15})$/.exec(text);
  if (!match) {
    throw new GraphQLError('"after" is not a cursor from this connection.', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  return Number(match[1]);
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number;
}

/** The answer for a list the caller may not read: as empty as a list with no rows. */
export function emptyConnection(): Connection<never> {
  return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 };
}

/**
 * Builds a connection from rows fetched with `limit + 1` (the extra row only
 * tells whether another page follows). Pages only go forward (`first`/`after`),
 * so rows come before this page exactly when it was asked for after a cursor:
 * Relay lets a forward-paging server answer `hasPreviousPage` that way.
 */
export function toConnection<T>(rows: T[], request: PageRequest, keyOf: (row: T) => number, totalCount: number): Connection<T> {
  const page = rows.slice(0, request.limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > request.limit,
      hasPreviousPage: request.afterKey !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
