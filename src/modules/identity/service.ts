// The identity module's public face: what resolvers and other modules call.
import type { IdentityDeps } from './deps.js';
import { createChallenges } from './challenges.js';
import { createRegistration } from './registration.js';
import { createSessions } from './sessions.js';
import { createSignIn } from './sign-in.js';
import { createRecovery } from './recovery.js';
import { createTotpEnrollment } from './totp-enrollment.js';
import { createIdentityCheckThrottle } from './identity-check-throttle.js';

export function createIdentityService(deps: IdentityDeps) {
  const now = deps.now ?? (() => new Date());
  const challenges = createChallenges(deps.store, deps.sender, now);
  const sessions = createSessions(deps, now);
  const identityChecks = createIdentityCheckThrottle(deps.store, now);
  return {
    registration: createRegistration(deps, challenges, identityChecks, now),
    signIn: createSignIn(deps, challenges, sessions, now),
    recovery: createRecovery(deps, challenges, identityChecks, now),
    totp: createTotpEnrollment(deps, now),
    sessions,
    resendCode: challenges.resend,
    findAccount: (id: number) => deps.store.findAccount(id),
    findAccounts: (ids: readonly number[]) => deps.store.findAccounts(ids),
    findChallenge: (id: string) => deps.store.findChallenge(id),
    securityEvents: (accountId: number, limit: number, beforeId: number | null) => deps.store.securityEvents(accountId, limit, beforeId),
    countSecurityEvents: (accountId: number) => deps.store.countSecurityEvents(accountId),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
