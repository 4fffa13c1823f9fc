// What a query costs, told to the client on every answer (`extensions.cost`),
// as Shopify and GitHub do, so a client learns how close it runs to the limit
// before it is refused. The requested cost is graphql-armor's own figure, the
// one checked against the limit; the actual cost uses the same weights on the
// answer: a list counts its selections once per item returned, a null counts
// only itself.
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  ValidationContext,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/** graphql-armor's weights (its defaults, spelled out because the actual cost must use the same ones). */
export const COST_WEIGHTS = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 } as const;

const armorOptions = { ...COST_WEIGHTS, ignoreIntrospection: false, flattenFragments: true } as const;

export interface QueryCost {
  requested: number;
  actual?: number;
  /** Left out where limits are not told (production). */
  limit?: number;
}

/**
 * The cost rule: armor computes the cost (with no limit of its own, so it
 * never throws) and this rule refuses above the limit with a validation error
 * that names its cost, instead of armor's "Syntax Error: …".
 */
export function costRule(options: { limit: number; exposeLimits: boolean }): ValidationRule {
  return (context) =>
    costLimitRule({
      ...armorOptions,
      maxCost: Number.POSITIVE_INFINITY,
      propagateOnRejection: false,
      onAccept: [
        (_context, { n }) => {
          if (n > options.limit) context.reportError(costRefusal(Math.ceil(n), options));
        },
      ],
    })(context) as ReturnType<ValidationRule>;
}

function costRefusal(requested: number, options: { limit: number; exposeLimits: boolean }): GraphQLError {
  const message = options.exposeLimits
    ? `The query costs ${requested}, over the limit of ${options.limit}: ask for fewer fields or smaller pages.`
    : 'The query asks for too much at once: ask for fewer fields or smaller pages.';
  const cost: QueryCost = options.exposeLimits ? { requested, limit: options.limit } : { requested };
  return new GraphQLError(message, { extensions: { cost } });
}

/** Armor's cost of one operation of a document, as the cost rule saw it. */
export function requestedCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  let cost = 0;
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
  const visitor = costLimitRule({
    ...armorOptions,
    maxCost: Number.POSITIVE_INFINITY,
    propagateOnRejection: false,
    onAccept: [(_context, { n }) => (cost = n)],
  })(context) as unknown as { OperationDefinition: { enter(node: OperationDefinitionNode): void } };
  visitor.OperationDefinition.enter(operation);
  return Math.ceil(cost);
}

/** The same weights counted on the answer's data. */
export function actualCost(document: DocumentNode, operation: OperationDefinitionNode, data: Record<string, unknown> | null | undefined): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return Math.ceil(selectionCost(operation.selectionSet, data ?? {}, fragments, 1));
}

function selectionCost(selectionSet: SelectionSetNode, data: Record<string, unknown>, fragments: Map<string, FragmentDefinitionNode>, factor: number): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      // Skipped by @skip/@include, or not reached: nothing was resolved.
      if (!(key in data)) continue;
      cost += factor * valueCost(selection.selectionSet, data[key], fragments);
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (fragment) cost += selectionCost(fragment.selectionSet, data, fragments, factor);
    }
  }
  return cost;
}

function valueCost(selectionSet: SelectionSetNode | undefined, value: unknown, fragments: Map<string, FragmentDefinitionNode>): number {
  if (!selectionSet) return COST_WEIGHTS.scalarCost;
  if (value === null || value === undefined) return COST_WEIGHTS.objectCost;
  if (Array.isArray(value)) {
    const items = value.reduce<number>((total, item) => total + valueCost(selectionSet, item, fragments), 0);
    return Math.max(items, COST_WEIGHTS.objectCost);
  }
  return COST_WEIGHTS.objectCost + selectionCost(selectionSet, value as Record<string, unknown>, fragments, COST_WEIGHTS.depthCostFactor);
}

/**
 * Puts `extensions.cost` on every answer to an operation that passed
 * validation. Apollo caches validated documents, so the requested cost is
 * computed once per document and operation, not once per request.
 */
export function queryCostPlugin(options: { limit: number; exposeLimits: boolean }): ApolloServerPlugin {
  const requestedByDocument = new WeakMap<DocumentNode, Map<OperationDefinitionNode, number>>();
  const requestedFor = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    let byOperation = requestedByDocument.get(document);
    if (!byOperation) requestedByDocument.set(document, (byOperation = new Map()));
    let cost = byOperation.get(operation);
    if (cost === undefined) byOperation.set(operation, (cost = requestedCost(schema, document, operation)));
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operation, response }) {
          if (!document || !operation || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const cost: QueryCost = {
            requested: requestedFor(schema, document, operation),
            actual: actualCost(document, operation, result.data),
            ...(options.exposeLimits ? { limit: options.limit } : {}),
          };
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}
