// Accounts, one-time-code challenges, sessions, throttling and the security
// audit log. Only identity/store.ts reads or writes these tables.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { registryPersons } from '../registry/tables.js';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const accounts = sqliteTable('accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personIdNumber: text('person_id_number')
    .notNull()
    .unique()
    .references(() => registryPersons.idNumber),
  username: text('username').notNull(),
  // Lower-cased (NFKC) username: "Ahmed" and "ahmed" are the same account name.
  usernameKey: text('username_key').notNull().unique(),
  email: text('email').notNull(),
  emailVerifiedAt: timestamp('email_verified_at'),
  passwordHash: text('password_hash').notNull(),
  totpSecret: text('totp_secret'),
  // A secret shown to the person but not yet confirmed with a code from the app.
  totpPendingSecret: text('totp_pending_secret'),
  // The last authenticator time step accepted: a code is good once.
  totpLastTimeStep: integer('totp_last_time_step'),
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull().default([]),
  status: text('status', { enum: ['ACTIVE', 'DISABLED'] }).notNull().default('ACTIVE'),
  // Set by an administrator's disableAccount; kept after enabling, as the last reason.
  disabledReason: text('disabled_reason', { enum: ['FRAUD_REPORTED', 'PERSON_REQUESTED', 'DECEASED'] }),
  disabledAt: timestamp('disabled_at'),
  // Access tokens issued before this instant are refused (sign out everywhere,
  // password change, disable) even though they have not expired yet.
  tokensValidAfter: timestamp('tokens_valid_after').notNull(),
  createdAt: timestamp('created_at').notNull(),
});

export const challenges = sqliteTable(
  'challenges',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', {
      enum: ['REGISTRATION', 'SIGN_IN', 'PASSWORD_RESET', 'EMAIL_VERIFICATION'],
    }).notNull(),
    personIdNumber: text('person_id_number').references(() => registryPersons.idNumber),
    accountId: integer('account_id').references(() => accounts.id),
    channel: text('channel', { enum: ['SMS', 'EMAIL', 'TOTP'] }).notNull(),
    destination: text('destination'),
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    sendCount: integer('send_count').notNull().default(1),
    lastSentAt: timestamp('last_sent_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    verifiedAt: timestamp('verified_at'),
    consumedAt: timestamp('consumed_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('challenges_person').on(t.personIdNumber, t.purpose)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    device: text('device').notNull(),
    ipAddress: text('ip_address'),
    createdAt: timestamp('created_at').notNull(),
    lastUsedAt: timestamp('last_used_at').notNull(),
    // The session's absolute end: rotation never extends it past this.
    expiresAt: timestamp('expires_at').notNull(),
    revokedAt: timestamp('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

// Each refresh token ever issued for a session. A token is used once; using
// one again means it was stolen, and the whole session is revoked.
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    issuedAt: timestamp('issued_at').notNull(),
    usedAt: timestamp('used_at'),
  },
  (t) => [index('refresh_tokens_session').on(t.sessionId)],
);

// Failure counters for sign-in and code checks, kept in the database so that
// throttling holds across restarts and across processes.
export const authThrottles = sqliteTable('auth_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at').notNull(),
  blockedUntil: timestamp('blocked_until'),
});

export const securityEvents = sqliteTable(
  'security_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    type: text('type').notNull(),
    ipAddress: text('ip_address'),
    device: text('device'),
    requestId: text('request_id'),
    occurredAt: timestamp('occurred_at').notNull(),
  },
  (t) => [index('security_events_account').on(t.accountId, t.id)],
);

export type AccountRow = typeof accounts.$inferSelect;
export type ChallengeRow = typeof challenges.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type SecurityEventRow = typeof securityEvents.$inferSelect;
