// Partner clients (banks, insurers, car-rental firms) and the consents people
// give them. Secrets are stored only as hashes.
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { registryPersons } from '../registry/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const partners = sqliteTable('partners', {
  clientId: text('client_id').primaryKey(),
  name: text('name').notNull(),
  secretHash: text('secret_hash').notNull(),
  scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
  status: text('status', { enum: ['ACTIVE', 'DISABLED'] }).notNull(),
  requestsPerMinute: integer('requests_per_minute').notNull(),
  // Tokens issued before this instant stop working (secret rotation, disable).
  tokensValidAfter: timestamp('tokens_valid_after').notNull(),
  createdAt: timestamp('created_at').notNull(),
});

export const partnerConsents = sqliteTable(
  'partner_consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    partnerClientId: text('partner_client_id')
      .notNull()
      .references(() => partners.clientId),
    purpose: text('purpose').notNull(),
    grantedAt: timestamp('granted_at').notNull(),
    expiresAt: timestamp('expires_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [
    index('partner_consents_person').on(t.personIdNumber),
    uniqueIndex('partner_consents_one_active').on(t.personIdNumber, t.partnerClientId, t.purpose).where(sql`revoked_at IS NULL`),
  ],
);

export type PartnerRow = typeof partners.$inferSelect;
export type PartnerConsentRow = typeof partnerConsents.$inferSelect;

// Per-partner request counters, in the layout rate-limiter-flexible's SQLite
// store expects (it is told the table exists, so migrations stay ours).
export const partnerRateLimits = sqliteTable('partner_rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: integer('expire'),
});
