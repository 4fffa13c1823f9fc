// Password reset by ID and SMS code, password change, and e-mail confirmation.
// A new password ends every other session: whoever knew the old one is out.
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import type { Viewer } from '../../auth/tokens.js';
import { isValidIdNumber } from '../registry/id-number.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { IdentityDeps, RequestOrigin } from './deps.js';
import type { Challenges } from './challenges.js';
import type { IdentityCheckThrottle } from './identity-check-throttle.js';
import { recordEvent } from './sessions.js';
import type { AccountRow, ChallengeRow } from './tables.js';
import { passwordRefusal } from './accounts.js';
import { clearNameThrottles } from './throttle.js';

type PersonViewer = Extract<Viewer, { kind: 'person' }>;
type Result<T> = Promise<Outcome<T, IdentityErrorCode>>;

export function createRecovery(deps: IdentityDeps, challenges: Challenges, checks: IdentityCheckThrottle, now: () => Date) {
  const { store, registry } = deps;

  return {
    async startReset(idNumber: string, dateOfBirth: string, origin: RequestOrigin): Result<ChallengeRow> {
      if (!isValidIdNumber(idNumber)) return refuse('INVALID_ID_NUMBER', ['idNumber']);
      const wait = await checks.secondsBlocked(idNumber, origin.ipAddress);
      if (wait > 0) {
        deps.onSmsRefused?.('PASSWORD_RESET');
        return refuse('TOO_MANY_ATTEMPTS', null, { seconds: wait });
      }
      const person = await registry.matchPerson(idNumber, dateOfBirth);
      const account = person ? await store.findAccountByPerson(idNumber) : undefined;
      if (!person || !account || account.status !== 'ACTIVE') {
        await checks.recordMismatch(idNumber, origin.ipAddress);
        return refuse('IDENTITY_NOT_VERIFIED', null);
      }
      await checks.recordCodeSent(idNumber, origin.ipAddress);
      return succeed(
        await challenges.issue(
          { purpose: 'PASSWORD_RESET', channel: 'SMS', destination: person.mobile, personIdNumber: idNumber, accountId: account.id },
          origin.language,
        ),
      );
    },

    async completeReset(input: { challengeId: string; code: string; newPassword: string }, origin: RequestOrigin): Result<true> {
      const problem = passwordRefusal(input.newPassword, 'newPassword');
      if (problem) return { ok: false, refusals: [problem] };
      const passwordHash = await hashPassword(input.newPassword);
      return challenges.check(input.challengeId, 'PASSWORD_RESET', input.code, async (tx, row) => {
        const at = now();
        await tx.updateChallenge(row.id, { consumedAt: at, verifiedAt: at });
        await tx.updateAccount(row.accountId!, { passwordHash, tokensValidAfter: at });
        await tx.revokeSessionsOf(row.accountId!, at, 'PASSWORD_RESET');
        await recordEvent(tx, row.accountId!, 'PASSWORD_CHANGED', origin, at);
        const account = await tx.account(row.accountId!);
        if (account) await clearNameThrottles(tx, account.usernameKey, origin.ipAddress);
        return succeed(true as const);
      });
    },

    async changePassword(viewer: PersonViewer, input: { currentPassword: string; newPassword: string }, origin: RequestOrigin): Result<true> {
      const account = await store.findAccount(viewer.accountId);
      if (!account) throw new Error('signed-in account vanished');
      if (input.currentPassword.length > 1024 || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
        return refuse('INVALID_CREDENTIALS', ['currentPassword']);
      }
      const problem = passwordRefusal(input.newPassword, 'newPassword', account.username);
      if (problem) return { ok: false, refusals: [problem] };
      const passwordHash = await hashPassword(input.newPassword);
      await store.atomically(async (tx) => {
        const at = now();
        await tx.updateAccount(account.id, { passwordHash });
        await tx.revokeSessionsOf(account.id, at, 'PASSWORD_CHANGED', viewer.sessionId);
        await recordEvent(tx, account.id, 'PASSWORD_CHANGED', origin, at);
      });
      return succeed(true as const);
    },

    async sendEmailCode(viewer: PersonViewer, origin: RequestOrigin): Result<ChallengeRow> {
      const account = await store.findAccount(viewer.accountId);
      if (!account) throw new Error('signed-in account vanished');
      if (account.emailVerifiedAt) return refuse('EMAIL_ALREADY_VERIFIED', null);
      return succeed(
        await challenges.issue(
          { purpose: 'EMAIL_VERIFICATION', channel: 'EMAIL', destination: account.email, personIdNumber: account.personIdNumber, accountId: account.id },
          origin.language,
        ),
      );
    },

    async verifyEmail(viewer: PersonViewer, challengeId: string, code: string, origin: RequestOrigin): Result<AccountRow> {
      const checked = await challenges.check(challengeId, 'EMAIL_VERIFICATION', code, async (tx, row) => {
        const account = await tx.account(viewer.accountId);
        // Another account's challenge answers like an unknown one.
        if (row.accountId !== viewer.accountId || !account || row.destination !== account.email) return refuse('CHALLENGE_NOT_FOUND', ['challengeId']);
        const at = now();
        await tx.updateChallenge(row.id, { consumedAt: at, verifiedAt: at });
        await tx.updateAccount(account.id, { emailVerifiedAt: at });
        await recordEvent(tx, account.id, 'EMAIL_VERIFIED', origin, at);
        return succeed({ ...account, emailVerifiedAt: at });
      });
      return checked;
    },
  };
}
