// The identity module's data access: the only code that touches its tables.
// Reads run outside transactions; multi-step writes go through `atomically`,
// whose work runs inside one transaction so that checks and updates (a
// code's tries, a refresh token's single use, a throttle's count) cannot
// interleave with another request's, in this process or another instance.
import { and, count, desc, eq, gt, inArray, isNull, lt, ne, notLike, or, sql } from 'drizzle-orm';
import { first, prepared, transactionsOf, type Database, type Queryable } from '../../db/database.js';
import {
  accounts, authThrottles, challenges, refreshTokens, securityEvents, sessions,
  type AccountRow, type ChallengeRow, type SecurityEventRow, type SessionRow,
} from './tables.js';

type NewAccount = typeof accounts.$inferInsert;
type NewChallenge = typeof challenges.$inferInsert;
type NewSession = typeof sessions.$inferInsert;
type NewSecurityEvent = typeof securityEvents.$inferInsert;
export type ThrottleRow = typeof authThrottles.$inferSelect;
type RefreshTokenRow = typeof refreshTokens.$inferSelect;

function txOperations(on: Queryable) {
  return {
    challenge: (id: string): Promise<ChallengeRow | undefined> => first(on.select().from(challenges).where(eq(challenges.id, id))),
    async updateChallenge(id: string, changes: Partial<NewChallenge>): Promise<void> {
      await on.update(challenges).set(changes).where(eq(challenges.id, id));
    },
    async insertChallenge(row: NewChallenge): Promise<void> {
      await on.insert(challenges).values(row);
    },
    accountByPerson: (idNumber: string): Promise<AccountRow | undefined> =>
      first(on.select().from(accounts).where(eq(accounts.personIdNumber, idNumber))),
    accountByUsernameKey: (key: string): Promise<AccountRow | undefined> =>
      first(on.select().from(accounts).where(eq(accounts.usernameKey, key))),
    account: (id: number): Promise<AccountRow | undefined> => first(on.select().from(accounts).where(eq(accounts.id, id))),
    async insertAccount(row: NewAccount): Promise<AccountRow> {
      const [account] = await on.insert(accounts).values(row).returning();
      return account!;
    },
    async updateAccount(id: number, changes: Partial<NewAccount>): Promise<void> {
      await on.update(accounts).set(changes).where(eq(accounts.id, id));
    },
    session: (id: string): Promise<SessionRow | undefined> => first(on.select().from(sessions).where(eq(sessions.id, id))),
    async insertSession(row: NewSession): Promise<void> {
      await on.insert(sessions).values(row);
    },
    async touchSession(id: string, at: Date): Promise<void> {
      await on.update(sessions).set({ lastUsedAt: at }).where(eq(sessions.id, id));
    },
    async revokeSession(id: string, at: Date, reason: string): Promise<void> {
      await on.update(sessions).set({ revokedAt: at, revokedReason: reason }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
    },
    async revokeSessionsOf(accountId: number, at: Date, reason: string, exceptSessionId?: string): Promise<void> {
      const open = and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt));
      await on
        .update(sessions)
        .set({ revokedAt: at, revokedReason: reason })
        .where(exceptSessionId ? and(open, ne(sessions.id, exceptSessionId)) : open);
    },
    async hasSessionFromDevice(accountId: number, device: string): Promise<boolean> {
      const found = await first(on.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.accountId, accountId), eq(sessions.device, device))).limit(1));
      return found !== undefined;
    },
    refreshToken: (tokenHash: string): Promise<RefreshTokenRow | undefined> =>
      first(on.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash))),
    async insertRefreshToken(tokenHash: string, sessionId: string, at: Date): Promise<void> {
      await on.insert(refreshTokens).values({ tokenHash, sessionId, issuedAt: at });
    },
    async markRefreshTokenUsed(tokenHash: string, at: Date): Promise<void> {
      await on.update(refreshTokens).set({ usedAt: at }).where(eq(refreshTokens.tokenHash, tokenHash));
    },
    throttle: (key: string): Promise<ThrottleRow | undefined> => first(on.select().from(authThrottles).where(eq(authThrottles.key, key))),
    /**
     * One more on the key's counter, in one statement (a new hour-long
     * window once the last one has ended): concurrent attempts queue on the
     * row instead of reading the same count. The counter as it now stands.
     */
    async countAttempt(key: string, at: Date, windowMs: number): Promise<ThrottleRow> {
      const windowOpen = sql`${authThrottles.windowStartedAt} >= ${at.getTime() - windowMs}`;
      const [row] = await on
        .insert(authThrottles)
        .values({ key, failures: 1, windowStartedAt: at, blockedUntil: null })
        .onConflictDoUpdate({
          target: authThrottles.key,
          set: {
            failures: sql`case when ${windowOpen} then ${authThrottles.failures} + 1 else 1 end`,
            windowStartedAt: sql`case when ${windowOpen} then ${authThrottles.windowStartedAt} else ${at.getTime()} end`,
            blockedUntil: sql`case when ${windowOpen} then ${authThrottles.blockedUntil} else null end`,
          },
        })
        .returning();
      return row!;
    },
    async blockUntil(key: string, until: Date): Promise<void> {
      await on.update(authThrottles).set({ blockedUntil: until }).where(eq(authThrottles.key, key));
    },
    async clearThrottle(key: string): Promise<void> {
      await on.delete(authThrottles).where(eq(authThrottles.key, key));
    },
    async insertSecurityEvent(row: NewSecurityEvent): Promise<void> {
      await on.insert(securityEvents).values(row);
    },
  };
}

export function createIdentityStore(db: Database) {
  const read = db.read;
  const reads = txOperations(read);
  // Read on every authenticated request: prepared once.
  const accountById = prepared<AccountRow>(read.select().from(accounts).where(eq(accounts.id, sql.placeholder('id'))), 'identity_account_by_id');
  const sessionById = prepared<SessionRow>(read.select().from(sessions).where(eq(sessions.id, sql.placeholder('id'))), 'identity_session_by_id');

  return {
    atomically: transactionsOf(db, txOperations),

    async findAccount(id: number): Promise<AccountRow | undefined> {
      return (await accountById({ id }))[0];
    },
    async findAccounts(ids: readonly number[]): Promise<AccountRow[]> {
      return ids.length ? read.select().from(accounts).where(inArray(accounts.id, [...ids])) : [];
    },
    findAccountByUsernameKey: reads.accountByUsernameKey,
    findAccountByPerson: reads.accountByPerson,
    findChallenge: reads.challenge,
    async findSession(id: string): Promise<SessionRow | undefined> {
      return (await sessionById({ id }))[0];
    },
    findThrottle: reads.throttle,
    async openSessions(accountId: number, now: Date): Promise<SessionRow[]> {
      return read
        .select()
        .from(sessions)
        .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
        .orderBy(desc(sessions.createdAt));
    },
    async securityEvents(accountId: number, limit: number, beforeId: number | null): Promise<SecurityEventRow[]> {
      const own = eq(securityEvents.accountId, accountId);
      return read
        .select()
        .from(securityEvents)
        .where(beforeId === null ? own : and(own, lt(securityEvents.id, beforeId)))
        .orderBy(desc(securityEvents.id))
        .limit(limit);
    },
    /** Accounts holding an authenticator secret in the form used before sealing (no key ID, so no colon). */
    async accountsWithUnsealedTotp(): Promise<AccountRow[]> {
      return read.select().from(accounts).where(or(notLike(accounts.totpSecret, '%:%'), notLike(accounts.totpPendingSecret, '%:%')));
    },
    async countSecurityEvents(accountId: number): Promise<number> {
      return (await first(read.select({ n: count() }).from(securityEvents).where(eq(securityEvents.accountId, accountId))))?.n ?? 0;
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
export type IdentityTx = Parameters<Parameters<IdentityStore['atomically']>[0]>[0];
