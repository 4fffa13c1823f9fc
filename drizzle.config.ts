// drizzle-kit for SQLite (the source of truth: each module's tables.ts).
// PostgreSQL has its own config (drizzle.postgres.config.ts); `npm run db:generate` runs both.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/modules/*/tables.ts'],
  out: process.env.DRIZZLE_OUT ?? './migrations/sqlite',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'file:data/development.db' },
});
