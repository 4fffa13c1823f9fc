// Resolvers of base.graphql: scalars, Node, and facts about the API.
import type { Resolvers, UserErrorCode } from '../generated/resolvers-types.js';
import { DateScalar, DateTimeScalar, DecimalScalar } from './scalars.js';
import { fetchNode } from './node.js';

export const API_VERSION = '0.1.0';

export const baseResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Decimal: DecimalScalar,
  Node: {
    __resolveType: (node) => (node as unknown as { __typename: never }).__typename,
  },
  UserError: {
    // Every code comes from a module's catalog, and the enum is printed from
    // the same catalogs (user-error-codes.ts), so the cast holds.
    typedCode: (error) => error.code as UserErrorCode,
  },
  Query: {
    node: (_root, { id }, context) => fetchNode(id, context) as never,
    apiInfo: (_root, _args, context) => ({ version: API_VERSION, language: context.language }),
  },
};
