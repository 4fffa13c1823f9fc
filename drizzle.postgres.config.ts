// drizzle-kit for PostgreSQL: the tables derived from the SQLite definitions
// (src/db/postgres-tables.ts), each exported on its own as drizzle-kit expects.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/postgres-schema.cjs'],
  out: process.env.DRIZZLE_OUT ?? './migrations/postgres',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
});
