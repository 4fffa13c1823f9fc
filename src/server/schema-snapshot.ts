// The public schema as one file (schema.graphql, checked in) and the check
// that keeps clients safe: a breaking change against the last published
// snapshot fails CI unless it is listed as reviewed.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { diff, CriticalityLevel } from '@graphql-inspector/core';
import { buildSchema as buildSdlSchema } from 'graphql';
import { readSchemaFiles } from './schema.js';

export function printPublicSchema(typeDefs: string[] = readSchemaFiles()): string {
  const schema = makeExecutableSchema({ typeDefs });
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export interface BreakingChange {
  path: string;
  message: string;
}

export async function breakingChanges(before: string, after: string): Promise<BreakingChange[]> {
  const changes = await diff(buildSdlSchema(before) as GraphQLSchema, buildSdlSchema(after) as GraphQLSchema);
  return changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => ({ path: change.path ?? '', message: change.message }));
}

/** Breaking changes not listed (by path) in the reviewed list. */
export function unreviewed(changes: BreakingChange[], reviewedPaths: string[]): BreakingChange[] {
  const reviewed = new Set(reviewedPaths.map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
  return changes.filter((change) => !reviewed.has(change.path));
}
