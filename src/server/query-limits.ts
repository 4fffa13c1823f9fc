// Limits on the shape of a query (OWASP GraphQL cheat sheet), with
// graphql-armor's validation rules. Introspection is not exempt from depth:
// a 40-deep introspection query is an attack like any other.
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import type { ValidationRule } from 'graphql';

export const QUERY_LIMITS = {
  depth: 12,
  aliases: 15,
  directives: 50,
  cost: 5000,
  tokens: 2000,
  bodyBytes: 100 * 1024,
} as const;

export function queryLimitRules(options: { exposeLimits: boolean }): ValidationRule[] {
  const { exposeLimits } = options;
  return [
    maxDepthRule({ n: QUERY_LIMITS.depth, ignoreIntrospection: false, flattenFragments: true, exposeLimits }),
    maxAliasesRule({ n: QUERY_LIMITS.aliases, exposeLimits }),
    maxDirectivesRule({ n: QUERY_LIMITS.directives, exposeLimits }),
    costLimitRule({ maxCost: QUERY_LIMITS.cost, ignoreIntrospection: false, flattenFragments: true, exposeLimits }),
  ] as unknown as ValidationRule[];
}
