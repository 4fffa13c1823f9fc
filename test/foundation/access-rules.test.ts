// Access rules live in the schema and one transform enforces them.
import { describe, expect, it } from 'vitest';
import { execute, parse } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyAccessRules, accessRuleOf, MissingAccessRuleError } from '../../src/auth/access-directives.js';
import { buildSchema, readSchemaFiles, allResolvers } from '../../src/server/schema.js';
import type { RequestContext } from '../../src/server/context.js';

describe('the schema walk', () => {
  it('finds an access rule on every root field', () => {
    const schema = buildSchema();
    const missing: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.keys(root?.getFields() ?? {})) {
        if (!accessRuleOf(schema, root!.name, field)) missing.push(`${root!.name}.${field}`);
      }
    }
    expect(Object.keys(schema.getQueryType()!.getFields()).length).toBeGreaterThan(3);
    expect(missing).toEqual([]);
  });

  it('refuses to build a schema with a root field that has no rule', () => {
    const leak = `extend type Query { "A field someone forgot to protect." leak: String }`;
    const resolvers = [...allResolvers, { Query: { leak: () => 'secret' } }];
    expect(() => buildSchema([...readSchemaFiles(), leak], resolvers as never)).toThrow(MissingAccessRuleError);
    expect(() => buildSchema([...readSchemaFiles(), leak], resolvers as never)).toThrow(/Query\.leak/);
  });
});

describe('enforcement', () => {
  const schema = applyAccessRules(
    makeExecutableSchema({
      typeDefs: `
        directive @public on FIELD_DEFINITION
        directive @signedIn on FIELD_DEFINITION | OBJECT
        directive @role(anyOf: [Role!]!) on FIELD_DEFINITION | OBJECT
        directive @partnerScope(allOf: [String!]!) on FIELD_DEFINITION
        enum Role { TRAFFIC_OFFICER HEALTH_OFFICER ADMIN }
        type Query {
          open: String @public
          mine: String @signedIn
          officers: String @role(anyOf: [TRAFFIC_OFFICER])
          partners: String @partnerScope(allOf: ["documents:verify"])
        }
      `,
      resolvers: { Query: { open: () => 'open', mine: () => 'mine', officers: () => 'officers', partners: () => 'partners' } },
    }),
  );

  const person = (roles: string[] = []) => ({ kind: 'person' as const, accountId: 1, sessionId: 's', roles, issuedAt: 0 });
  const partner = (scopes: string[]) => ({ kind: 'partner' as const, partnerId: 'p', scopes, issuedAt: 0 });

  async function ask(field: string, viewer: RequestContext['viewer']) {
    const result = await execute({ schema, document: parse(`{ ${field} }`), contextValue: { viewer, language: 'en' } });
    return result.errors?.[0]?.extensions?.code ?? (result.data as Record<string, unknown>)[field];
  }

  it('lets anyone read @public fields', async () => {
    expect(await ask('open', null)).toBe('open');
  });

  it('asks for a signed-in person on @signedIn fields, and refuses partners', async () => {
    expect(await ask('mine', null)).toBe('UNAUTHENTICATED');
    expect(await ask('mine', partner(['documents:verify']))).toBe('FORBIDDEN');
    expect(await ask('mine', person())).toBe('mine');
  });

  it('refuses a person without the role on @role fields', async () => {
    expect(await ask('officers', null)).toBe('UNAUTHENTICATED');
    expect(await ask('officers', person())).toBe('FORBIDDEN');
    expect(await ask('officers', person(['HEALTH_OFFICER']))).toBe('FORBIDDEN');
    expect(await ask('officers', person(['TRAFFIC_OFFICER']))).toBe('officers');
  });

  it('refuses people and partners without the scope on @partnerScope fields', async () => {
    expect(await ask('partners', person(['ADMIN']))).toBe('FORBIDDEN');
    expect(await ask('partners', partner(['identity:match']))).toBe('FORBIDDEN');
    expect(await ask('partners', partner(['documents:verify']))).toBe('partners');
  });
});
