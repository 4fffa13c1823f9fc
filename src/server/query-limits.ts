// Limits on the shape of a query (OWASP GraphQL cheat sheet), with
// graphql-armor's validation rules. Introspection is not exempt from depth:
// a 40-deep introspection query is an attack like any other.
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { costRule } from './query-cost.js';

export const QUERY_LIMITS = {
  depth: 12,
  aliases: 15,
  directives: 50,
  cost: 5000,
  tokens: 2000,
  bodyBytes: 100 * 1024,
} as const;

// Armor's rules throw by default, which Apollo turns into a 500; reporting to
// the validation context gives the client a GRAPHQL_VALIDATION_FAILED instead,
// and a document with validation errors never executes. Armor words its
// refusals "Syntax Error: …", which sends a developer looking for a typo in a
// well-formed query: the prefix goes.
const reportToContext = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(asValidationError(error))],
};

function asValidationError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes, extensions: error.extensions });
}

export function queryLimitRules(options: { exposeLimits: boolean }): ValidationRule[] {
  const { exposeLimits } = options;
  return [
    maxDepthRule({ n: QUERY_LIMITS.depth, ignoreIntrospection: false, flattenFragments: true, exposeLimits, ...reportToContext }),
    maxAliasesRule({ n: QUERY_LIMITS.aliases, exposeLimits, ...reportToContext }),
    maxDirectivesRule({ n: QUERY_LIMITS.directives, exposeLimits, ...reportToContext }),
    costRule({ limit: QUERY_LIMITS.cost, exposeLimits }),
  ] as unknown as ValidationRule[];
}
