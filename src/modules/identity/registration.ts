// Registration: ID and date of birth checked against the registry, a code to
// the registry's mobile, then username, password and e-mail. An unknown ID, a
// wrong date of birth and an ID that already has an account get the same
// answer, so nobody can probe who is registered.
import { hashPassword } from '../../auth/passwords.js';
import { isValidIdNumber } from '../registry/id-number.js';
import { refuse, succeed, type Outcome, type Refusal } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { IdentityDeps, RequestOrigin } from './deps.js';
import type { Challenges } from './challenges.js';
import type { IdentityCheckThrottle } from './identity-check-throttle.js';
import type { AccountRow, ChallengeRow } from './tables.js';
import { emailRefusal, insertNewAccount, passwordRefusal, usernameRefusal } from './accounts.js';

/** How long a verified registration may wait for its account details. */
const COMPLETION_WINDOW_MS = 30 * 60 * 1000;

type Result<T> = Promise<Outcome<T, IdentityErrorCode>>;

export function createRegistration(deps: IdentityDeps, challenges: Challenges, checks: IdentityCheckThrottle, now: () => Date) {
  const { store, registry } = deps;

  return {
    async start(idNumber: string, dateOfBirth: string, origin: RequestOrigin): Result<ChallengeRow> {
      if (!isValidIdNumber(idNumber)) return refuse('INVALID_ID_NUMBER', ['idNumber']);
      const wait = await checks.secondsBlocked(idNumber, origin.ipAddress);
      if (wait > 0) {
        deps.onSmsRefused?.('REGISTRATION');
        return refuse('TOO_MANY_ATTEMPTS', null, { seconds: wait });
      }
      const person = await registry.matchPerson(idNumber, dateOfBirth);
      if (!person || (await store.findAccountByPerson(idNumber))) {
        await checks.recordMismatch(idNumber, origin.ipAddress);
        return refuse('IDENTITY_NOT_VERIFIED', null);
      }
      await checks.recordCodeSent(idNumber, origin.ipAddress);
      const challenge = await challenges.issue(
        { purpose: 'REGISTRATION', channel: 'SMS', destination: person.mobile, personIdNumber: person.idNumber, accountId: null },
        origin.language,
      );
      return succeed(challenge);
    },

    async verifyCode(registrationId: string, code: string): Result<ChallengeRow> {
      return challenges.check(registrationId, 'REGISTRATION', code, async (tx, row) => {
        if (row.verifiedAt) return succeed(row);
        const verifiedAt = now();
        await tx.updateChallenge(row.id, { verifiedAt });
        return succeed({ ...row, verifiedAt });
      });
    },

    async complete(
      input: { registrationId: string; username: string; password: string; email: string },
      origin: RequestOrigin,
    ): Result<AccountRow> {
      const problems = [
        usernameRefusal(input.username),
        passwordRefusal(input.password, 'password', input.username),
        emailRefusal(input.email),
      ].filter((p): p is Refusal<IdentityErrorCode> => p !== null);
      if (problems.length) return { ok: false, refusals: problems };

      const registration = await store.findChallenge(input.registrationId);
      if (!registrationIsUsable(registration, now())) return refuse('REGISTRATION_NOT_VERIFIED', ['registrationId']);
      // Hash outside the transaction: it takes tens of milliseconds.
      const passwordHash = await hashPassword(input.password);
      return store.atomically(async (tx): Promise<Outcome<AccountRow, IdentityErrorCode>> => {
        const current = await tx.challenge(input.registrationId);
        if (!registrationIsUsable(current, now()) || !current.personIdNumber) return refuse('REGISTRATION_NOT_VERIFIED', ['registrationId']);
        const at = now();
        const created = await insertNewAccount(
          tx,
          { personIdNumber: current.personIdNumber, username: input.username, email: input.email, passwordHash, roles: [], emailVerifiedAt: null },
          origin,
          at,
        );
        if (created.ok) await tx.updateChallenge(current.id, { consumedAt: at });
        return created;
      });
    },
  };
}

function registrationIsUsable(row: ChallengeRow | undefined, at: Date): row is ChallengeRow {
  return (
    row !== undefined &&
    row.purpose === 'REGISTRATION' &&
    row.verifiedAt !== null &&
    row.consumedAt === null &&
    at.getTime() - row.verifiedAt.getTime() < COMPLETION_WINDOW_MS
  );
}
