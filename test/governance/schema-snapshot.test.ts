import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { breakingChanges, printPublicSchema, unreviewed } from '../../src/server/schema-snapshot.js';

const base = `
  type Query { "a" account(id: ID!): Account "b" apiVersion: String }
  "An account." type Account { "id" id: ID! "name" username: String! }
`;

describe('schema snapshot', () => {
  it('schema.graphql matches schema/ (run npm run schema:print after a schema change)', () => {
    expect(fs.readFileSync('schema.graphql', 'utf8')).toBe(printPublicSchema());
  });

  it('catches a removed field, a type change and a new required argument as breaking', async () => {
    const removed = base.replace('"b" apiVersion: String', '');
    expect((await breakingChanges(base, removed)).map((c) => c.path)).toEqual(['Query.apiVersion']);
    const retyped = base.replace('username: String!', 'username: Int!');
    expect((await breakingChanges(base, retyped)).map((c) => c.path)).toEqual(['Account.username']);
    const newArgument = base.replace('apiVersion: String', 'apiVersion(format: String!): String');
    expect(await breakingChanges(base, newArgument)).toHaveLength(1);
  });

  it('lets additions and deprecations through', async () => {
    const added = base.replace('"b" apiVersion: String', '"b" apiVersion: String "c" apiName: String');
    expect(await breakingChanges(base, added)).toEqual([]);
    const deprecated = base.replace('apiVersion: String', 'apiVersion: String @deprecated(reason: "Use apiName.")');
    expect(await breakingChanges(base, deprecated)).toEqual([]);
  });

  it('accepts a breaking change only when its path is listed as reviewed', async () => {
    const changes = await breakingChanges(base, base.replace('"b" apiVersion: String', ''));
    expect(unreviewed(changes, ['# reviewed:', ''])).toHaveLength(1);
    expect(unreviewed(changes, ['Query.apiVersion'])).toEqual([]);
  });
});
