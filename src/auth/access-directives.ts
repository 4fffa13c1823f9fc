// The one mechanism that enforces the access rules written in the schema.
// Every root field must carry a rule (@public, @signedIn, @role, @partnerScope);
// a root field without one makes the schema refuse to build, so forgetting a
// rule fails at start-up and in the tests, never in production traffic.
// Object types may carry @signedIn or @role; their fields inherit it.
import { defaultFieldResolver, GraphQLError, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import type { RequestContext } from '../server/context.js';
import { accessError } from '../server/errors.js';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'role'; anyOf: string[] }
  | { kind: 'partnerScope'; allOf: string[] };

export class MissingAccessRuleError extends Error {}

function ruleOn(schema: GraphQLSchema, node: Parameters<typeof getDirective>[1]): AccessRule | null {
  if (getDirective(schema, node, 'public')?.[0]) return { kind: 'public' };
  const role = getDirective(schema, node, 'role')?.[0];
  if (role) return { kind: 'role', anyOf: role.anyOf as string[] };
  const scope = getDirective(schema, node, 'partnerScope')?.[0];
  if (scope) return { kind: 'partnerScope', allOf: scope.allOf as string[] };
  if (getDirective(schema, node, 'signedIn')?.[0]) return { kind: 'signedIn' };
  return null;
}

/** Why `context` may not use a field with `rule`, or null when it may. */
export function refusal(rule: AccessRule, context: RequestContext): GraphQLError | null {
  const { viewer, language } = context;
  switch (rule.kind) {
    case 'public':
      return null;
    case 'signedIn':
      if (viewer?.kind === 'person') return null;
      return viewer ? accessError('FORBIDDEN', language) : accessError('UNAUTHENTICATED', language);
    case 'role':
      if (!viewer) return accessError('UNAUTHENTICATED', language);
      if (viewer.kind === 'person' && viewer.roles.some((r) => rule.anyOf.includes(r))) return null;
      return accessError('FORBIDDEN', language);
    case 'partnerScope':
      if (!viewer) return accessError('UNAUTHENTICATED', language);
      if (viewer.kind === 'partner' && rule.allOf.every((s) => viewer.scopes.includes(s))) return null;
      return accessError('FORBIDDEN', language);
  }
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export function applyAccessRules(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const type = schema.getType(typeName)!;
      const rule = ruleOn(schema, field) ?? (type.astNode ? ruleOn(schema, type as never) : null);
      if (!rule) {
        if (ROOT_TYPES.has(typeName)) {
          throw new MissingAccessRuleError(`${typeName}.${fieldName} has no access rule (@public, @signedIn, @role or @partnerScope)`);
        }
        return field; // reachable only through a root field that has its own rule
      }
      return guard(field, rule);
    },
  });
}

function guard(field: GraphQLFieldConfig<unknown, RequestContext>, rule: AccessRule): GraphQLFieldConfig<unknown, RequestContext> {
  const resolve = field.resolve ?? defaultFieldResolver;
  return {
    ...field,
    extensions: { ...field.extensions, accessRule: rule },
    resolve(source, args, context, info) {
      const denied = refusal(rule, context);
      if (denied) throw denied;
      return resolve(source, args, context, info);
    },
  };
}

/** The rule enforced on a field, read back from the transformed schema. */
export function accessRuleOf(schema: GraphQLSchema, typeName: string, fieldName: string): AccessRule | undefined {
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type)) return undefined;
  const field = (type.getFields() as Record<string, { extensions?: Record<string, unknown> }>)[fieldName];
  return field?.extensions?.accessRule as AccessRule | undefined;
}
