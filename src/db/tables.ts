// Every module's tables, for Drizzle's relational queries and drizzle-kit.
export * from '../modules/registry/tables.js';
export * from '../modules/identity/tables.js';

import * as registry from '../modules/registry/tables.js';
import * as identity from '../modules/identity/tables.js';

export const tables = { ...registry, ...identity };
