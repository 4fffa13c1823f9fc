// Builds the executable schema: the SDL files of schema/, every module's
// resolvers, and the access rules applied on top.
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types.js';
import { applyAccessRules } from '../auth/access-directives.js';
import { baseResolvers } from './base-resolvers.js';
import { identityResolvers } from '../modules/identity/resolvers.js';
import { paymentResolvers } from '../modules/payments/resolvers.js';
import { violationResolvers } from '../modules/violations/resolvers.js';
import { documentsResolvers } from '../modules/documents/resolvers.js';
import { partnerResolvers } from '../modules/partners/resolvers.js';
import { notificationResolvers } from '../modules/notifications/resolvers.js';
import { healthResolvers } from '../modules/health/resolvers.js';
import { auditResolvers } from '../modules/audit/resolvers.js';
import { supportResolvers } from '../modules/support/resolvers.js';
import { educationResolvers } from '../modules/education/resolvers.js';
import { familyResolvers } from '../modules/family/resolvers.js';

export const SCHEMA_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../schema');

export function readSchemaFiles(dir = SCHEMA_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
}

export const allResolvers: Resolvers[] = [baseResolvers, identityResolvers, paymentResolvers, violationResolvers, documentsResolvers, partnerResolvers, notificationResolvers, supportResolvers, educationResolvers, healthResolvers, auditResolvers, familyResolvers];

export function buildSchema(typeDefs: string[] = readSchemaFiles(), resolvers: Resolvers[] = allResolvers): GraphQLSchema {
  return applyAccessRules(
    makeExecutableSchema({ typeDefs, resolvers: mergeResolvers(resolvers as never[]) as never, resolverValidationOptions: { requireResolversToMatchSchema: 'error' } }),
  );
}
