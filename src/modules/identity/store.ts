// The identity module's data access: the only code that touches its tables.
// Reads are async functions; multi-step writes go through `atomically`, whose
// callback runs synchronously inside one immediate transaction so that checks
// and updates (a code's tries, a refresh token's single use) cannot interleave.
import { and, desc, eq, inArray, isNull, lt, notLike, or, sql, count } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { writeTransaction, type Transaction } from '../../db/transaction.js';
import {
  accounts, authThrottles, challenges, refreshTokens, securityEvents, sessions,
  type AccountRow, type ChallengeRow, type SecurityEventRow, type SessionRow,
} from './tables.js';

type NewAccount = typeof accounts.$inferInsert;
type NewChallenge = typeof challenges.$inferInsert;
type NewSession = typeof sessions.$inferInsert;
type NewSecurityEvent = typeof securityEvents.$inferInsert;
export type ThrottleRow = typeof authThrottles.$inferSelect;

function txOperations(tx: Transaction | Db) {
  return {
    challenge: (id: string): ChallengeRow | undefined => tx.select().from(challenges).where(eq(challenges.id, id)).get(),
    updateChallenge: (id: string, changes: Partial<NewChallenge>) => {
      tx.update(challenges).set(changes).where(eq(challenges.id, id)).run();
    },
    insertChallenge: (row: NewChallenge) => {
      tx.insert(challenges).values(row).run();
    },
    accountByPerson: (idNumber: string): AccountRow | undefined =>
      tx.select().from(accounts).where(eq(accounts.personIdNumber, idNumber)).get(),
    accountByUsernameKey: (key: string): AccountRow | undefined =>
      tx.select().from(accounts).where(eq(accounts.usernameKey, key)).get(),
    account: (id: number): AccountRow | undefined => tx.select().from(accounts).where(eq(accounts.id, id)).get(),
    insertAccount: (row: NewAccount): AccountRow => tx.insert(accounts).values(row).returning().get(),
    updateAccount: (id: number, changes: Partial<NewAccount>) => {
      tx.update(accounts).set(changes).where(eq(accounts.id, id)).run();
    },
    session: (id: string): SessionRow | undefined => tx.select().from(sessions).where(eq(sessions.id, id)).get(),
    insertSession: (row: NewSession) => {
      tx.insert(sessions).values(row).run();
    },
    touchSession: (id: string, at: Date) => {
      tx.update(sessions).set({ lastUsedAt: at }).where(eq(sessions.id, id)).run();
    },
    revokeSession: (id: string, at: Date, reason: string) => {
      tx.update(sessions).set({ revokedAt: at, revokedReason: reason }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt))).run();
    },
    revokeSessionsOf: (accountId: number, at: Date, reason: string, exceptSessionId?: string) => {
      const open = and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt));
      tx.update(sessions)
        .set({ revokedAt: at, revokedReason: reason })
        .where(exceptSessionId ? and(open, sql`${sessions.id} <> ${exceptSessionId}`) : open)
        .run();
    },
    hasSessionFromDevice: (accountId: number, device: string): boolean =>
      tx.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.accountId, accountId), eq(sessions.device, device))).limit(1).get() !== undefined,
    refreshToken: (tokenHash: string) => tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).get(),
    insertRefreshToken: (tokenHash: string, sessionId: string, at: Date) => {
      tx.insert(refreshTokens).values({ tokenHash, sessionId, issuedAt: at }).run();
    },
    markRefreshTokenUsed: (tokenHash: string, at: Date) => {
      tx.update(refreshTokens).set({ usedAt: at }).where(eq(refreshTokens.tokenHash, tokenHash)).run();
    },
    throttle: (key: string): ThrottleRow | undefined => tx.select().from(authThrottles).where(eq(authThrottles.key, key)).get(),
    saveThrottle: (row: ThrottleRow) => {
      tx.insert(authThrottles).values(row).onConflictDoUpdate({ target: authThrottles.key, set: row }).run();
    },
    clearThrottle: (key: string) => {
      tx.delete(authThrottles).where(eq(authThrottles.key, key)).run();
    },
    insertSecurityEvent: (row: NewSecurityEvent) => {
      tx.insert(securityEvents).values(row).run();
    },
  };
}

export type IdentityTx = ReturnType<typeof txOperations>;

export function createIdentityStore(db: Db) {
  const accountById = db.select().from(accounts).where(eq(accounts.id, sql.placeholder('id'))).prepare();
  const sessionById = db.select().from(sessions).where(eq(sessions.id, sql.placeholder('id'))).prepare();
  const reads = txOperations(db);

  return {
    /** Runs `work` synchronously inside one immediate write transaction. */
    async atomically<T>(work: (tx: IdentityTx) => T): Promise<T> {
      return writeTransaction(db, (tx) => work(txOperations(tx)));
    },
    async findAccount(id: number): Promise<AccountRow | undefined> {
      return accountById.get({ id });
    },
    async findAccounts(ids: readonly number[]): Promise<AccountRow[]> {
      return db.select().from(accounts).where(inArray(accounts.id, [...ids])).all();
    },
    async findAccountByUsernameKey(key: string) {
      return reads.accountByUsernameKey(key);
    },
    async findAccountByPerson(idNumber: string) {
      return reads.accountByPerson(idNumber);
    },
    async findChallenge(id: string) {
      return reads.challenge(id);
    },
    async findSession(id: string): Promise<SessionRow | undefined> {
      return sessionById.get({ id });
    },
    async findThrottle(key: string) {
      return reads.throttle(key);
    },
    async openSessions(accountId: number, now: Date): Promise<SessionRow[]> {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now.getTime()}`))
        .orderBy(desc(sessions.createdAt))
        .all();
    },
    async securityEvents(accountId: number, limit: number, beforeId: number | null): Promise<SecurityEventRow[]> {
      const own = eq(securityEvents.accountId, accountId);
      return db
        .select()
        .from(securityEvents)
        .where(beforeId === null ? own : and(own, lt(securityEvents.id, beforeId)))
        .orderBy(desc(securityEvents.id))
        .limit(limit)
        .all();
    },
    /** Accounts holding an authenticator secret in the form used before sealing (no key ID, so no colon). */
    async accountsWithUnsealedTotp(): Promise<AccountRow[]> {
      return db.select().from(accounts).where(or(notLike(accounts.totpSecret, '%:%'), notLike(accounts.totpPendingSecret, '%:%'))).all();
    },
    async countSecurityEvents(accountId: number): Promise<number> {
      return db.select({ n: count() }).from(securityEvents).where(eq(securityEvents.accountId, accountId)).get()?.n ?? 0;
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
