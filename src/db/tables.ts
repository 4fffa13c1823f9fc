// Every module's tables, for Drizzle's relational queries and drizzle-kit.
import * as registry from '../modules/registry/tables.js';
import * as identity from '../modules/identity/tables.js';
import * as payments from '../modules/payments/tables.js';
import * as notifications from '../modules/notifications/tables.js';
import * as documents from '../modules/documents/tables.js';
import * as violations from '../modules/violations/tables.js';

export const tables = { ...registry, ...identity, ...payments, ...notifications, ...documents, ...violations };
