// Every module's tables, for Drizzle's relational queries and drizzle-kit.
import * as registry from '../modules/registry/tables.js';
import * as identity from '../modules/identity/tables.js';
import * as payments from '../modules/payments/tables.js';
import * as notifications from '../modules/notifications/tables.js';
import * as documents from '../modules/documents/tables.js';
import * as violations from '../modules/violations/tables.js';
import * as audit from '../modules/audit/tables.js';
import * as health from '../modules/health/tables.js';
import * as education from '../modules/education/tables.js';
import * as family from '../modules/family/tables.js';
import * as support from '../modules/support/tables.js';
import * as partners from '../modules/partners/tables.js';
import * as jobs from '../modules/jobs/tables.js';

export const tables = {
  ...registry, ...identity, ...payments, ...notifications, ...documents, ...violations,
  ...audit, ...health, ...education, ...family, ...support, ...partners, ...jobs,
};
