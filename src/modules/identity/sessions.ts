// Sessions: a short-lived access JWT plus an opaque refresh token stored only
// as a hash and rotated on every use. Using a refresh token a second time
// means it was copied: the whole session is revoked (reuse detection).
import { randomToken, sha256 } from '../../auth/one-time-codes.js';
import type { Viewer } from '../../auth/tokens.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { IdentityDeps, RequestOrigin } from './deps.js';
import type { IdentityTx } from './store.js';
import type { AccountRow, SessionRow } from './tables.js';

/** A session's absolute lifetime: rotation never extends it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
}

type PersonViewer = Extract<Viewer, { kind: 'person' }>;

export async function recordEvent(tx: IdentityTx, accountId: number, type: string, origin: RequestOrigin, at: Date): Promise<void> {
  await tx.insertSecurityEvent({ accountId, type, ipAddress: origin.ipAddress, device: origin.device, requestId: origin.requestId, occurredAt: at });
}

export function createSessions(deps: IdentityDeps, now: () => Date) {
  const { store, tokens } = deps;

  async function accessTokenFor(account: AccountRow, sessionId: string, refreshToken: string): Promise<IssuedTokens> {
    const access = await tokens.issuePersonToken({ accountId: account.id, sessionId, roles: account.roles });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken };
  }

  return {
    accessTokenFor,

    /** Opens a session inside the caller's transaction; returns its ID and first refresh token. */
    async open(tx: IdentityTx, account: AccountRow, origin: RequestOrigin, at: Date): Promise<{ sessionId: string; refreshToken: string }> {
      const sessionId = randomToken(16);
      const refreshToken = randomToken(32);
      const device = origin.device.slice(0, 300);
      const newDevice = !(await tx.hasSessionFromDevice(account.id, device));
      await tx.insertSession({
        id: sessionId, accountId: account.id, device, ipAddress: origin.ipAddress,
        createdAt: at, lastUsedAt: at, expiresAt: new Date(at.getTime() + SESSION_LIFETIME_MS),
      });
      await tx.insertRefreshToken(sha256(refreshToken), sessionId, at);
      await recordEvent(tx, account.id, 'SIGN_IN', origin, at);
      if (newDevice) await recordEvent(tx, account.id, 'NEW_DEVICE', origin, at);
      return { sessionId, refreshToken };
    },

    async refresh(refreshToken: string, origin: RequestOrigin): Promise<Outcome<IssuedTokens, IdentityErrorCode>> {
      const at = now();
      const next = randomToken(32);
      const outcome = await store.atomically(async (tx): Promise<Outcome<{ account: AccountRow; sessionId: string }, IdentityErrorCode>> => {
        const token = await tx.refreshToken(sha256(refreshToken));
        if (!token) return refuse('INVALID_REFRESH_TOKEN', ['refreshToken']);
        const session = (await tx.session(token.sessionId))!;
        if (token.usedAt) {
          // Returned, not rolled back: the session stays revoked.
          if (!session.revokedAt) {
            await tx.revokeSession(session.id, at, 'REFRESH_TOKEN_REUSED');
            await recordEvent(tx, session.accountId, 'REFRESH_TOKEN_REUSED', origin, at);
          }
          return refuse('INVALID_REFRESH_TOKEN', ['refreshToken']);
        }
        const account = await tx.account(session.accountId);
        if (session.revokedAt || session.expiresAt.getTime() <= at.getTime() || account?.status !== 'ACTIVE') {
          return refuse('INVALID_REFRESH_TOKEN', ['refreshToken']);
        }
        await tx.markRefreshTokenUsed(token.tokenHash, at);
        await tx.insertRefreshToken(sha256(next), session.id, at);
        await tx.touchSession(session.id, at);
        return succeed({ account, sessionId: session.id });
      });
      if (!outcome.ok) return outcome;
      return succeed(await accessTokenFor(outcome.value.account, outcome.value.sessionId, next));
    },

    /**
     * The viewer a verified token speaks for, if its session is still open and
     * its account active; roles are read afresh so a removed role ends at once.
     */
    async authenticate(viewer: PersonViewer): Promise<PersonViewer | null> {
      const [session, account] = await Promise.all([store.findSession(viewer.sessionId), store.findAccount(viewer.accountId)]);
      if (!session || !account || session.accountId !== account.id) return null;
      if (session.revokedAt || session.expiresAt.getTime() <= now().getTime() || account.status !== 'ACTIVE') return null;
      if (viewer.issuedAt < Math.floor(account.tokensValidAfter.getTime() / 1000)) return null;
      return { ...viewer, roles: account.roles };
    },

    async signOut(viewer: PersonViewer, everywhere: boolean, origin: RequestOrigin): Promise<void> {
      const at = now();
      await store.atomically(async (tx) => {
        if (everywhere) {
          await tx.revokeSessionsOf(viewer.accountId, at, 'SIGNED_OUT_EVERYWHERE');
          await tx.updateAccount(viewer.accountId, { tokensValidAfter: at });
        } else {
          await tx.revokeSession(viewer.sessionId, at, 'SIGNED_OUT');
        }
        await recordEvent(tx, viewer.accountId, 'SESSION_REVOKED', origin, at);
      });
    },

    async revoke(viewer: PersonViewer, sessionId: string, origin: RequestOrigin): Promise<Outcome<true, IdentityErrorCode>> {
      const at = now();
      return store.atomically(async (tx): Promise<Outcome<true, IdentityErrorCode>> => {
        const session = await tx.session(sessionId);
        // Someone else's session answers exactly like one that does not exist.
        if (!session || session.accountId !== viewer.accountId || session.revokedAt) return refuse('SESSION_NOT_FOUND', ['sessionId']);
        await tx.revokeSession(session.id, at, 'REVOKED_BY_OWNER');
        await recordEvent(tx, viewer.accountId, 'SESSION_REVOKED', origin, at);
        return succeed(true as const);
      });
    },

    async openSessions(accountId: number): Promise<SessionRow[]> {
      return store.openSessions(accountId, now());
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
