// The identity module's public face: what resolvers and other modules call.
import type { IdentityDeps } from './deps.js';
import { createChallenges } from './challenges.js';
import { createRegistration } from './registration.js';
import { createSessions } from './sessions.js';
import { createSignIn } from './sign-in.js';
import { createRecovery } from './recovery.js';
import { createTotpEnrollment } from './totp-enrollment.js';
import { createIdentityCheckThrottle } from './identity-check-throttle.js';
import { createSmsBudget } from './sms-budget.js';
import { COUNTING } from './throttle.js';
import { createAccountStatus } from './account-status.js';
import { sealUnsealedTotpSecrets } from './totp-secrets.js';
import { refuse, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { ChallengeRow } from './tables.js';
import type { Language } from '../../i18n/language.js';

export function createIdentityService(deps: IdentityDeps) {
  const now = deps.now ?? (() => new Date());
  const challenges = createChallenges(deps.store, deps.sender, now);
  const sessions = createSessions(deps, now);
  const smsBudget = createSmsBudget(deps.store, now, deps.smsHourlyBudget, deps.logger);
  const identityChecks = createIdentityCheckThrottle(deps.store, smsBudget, now);

  /** A resend is an SMS like any other: refused once the hour's budget is spent, counted when sent. */
  async function resendCode(challengeId: string, language: Language): Promise<Outcome<ChallengeRow, IdentityErrorCode>> {
    const wait = await smsBudget.secondsUntilAvailable();
    if (wait > 0) {
      deps.onSmsRefused?.('RESEND');
      return refuse('TOO_MANY_ATTEMPTS', null, { seconds: wait });
    }
    const outcome = await challenges.resend(challengeId, language);
    if (outcome.ok && outcome.value.channel === 'SMS') {
      // The alert follows the commit (the transaction may run more than once).
      if (await deps.store.atomically((tx) => smsBudget.countSent(tx, now()), COUNTING)) smsBudget.reportSpent();
    }
    return outcome;
  }

  return {
    registration: createRegistration(deps, challenges, identityChecks, now),
    signIn: createSignIn(deps, challenges, sessions, now),
    recovery: createRecovery(deps, challenges, identityChecks, now),
    totp: createTotpEnrollment(deps, now),
    accountStatus: createAccountStatus(deps, now),
    /** Run once at start-up, before the first request (platform.ts). */
    sealUnsealedTotpSecrets: () => sealUnsealedTotpSecrets(deps.store, deps.totpKeys),
    sessions,
    resendCode,
    findAccount: (id: number) => deps.store.findAccount(id),
    findAccounts: (ids: readonly number[]) => deps.store.findAccounts(ids),
    findChallenge: (id: string) => deps.store.findChallenge(id),
    securityEvents: (accountId: number, limit: number, beforeId: number | null) => deps.store.securityEvents(accountId, limit, beforeId),
    countSecurityEvents: (accountId: number) => deps.store.countSecurityEvents(accountId),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
