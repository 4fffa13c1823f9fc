// Sign-in always takes two steps: the password, then a one-time code. Unknown
// usernames, wrong passwords and throttled names answer alike: throttling is
// keyed by the name typed, not by whether an account has it.
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../../auth/passwords.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { IdentityDeps, RequestOrigin } from './deps.js';
import type { Challenges } from './challenges.js';
import type { Sessions, IssuedTokens } from './sessions.js';
import { recordEvent } from './sessions.js';
import type { AccountRow, ChallengeRow } from './tables.js';
import { usernameKey } from './accounts.js';
import { COUNTING, blockOf, clearNameThrottles, recordAttempt, signInKeys } from './throttle.js';
import { matchTotp } from '../../auth/totp.js';
import { openTotpSecret } from './totp-secrets.js';

export function createSignIn(deps: IdentityDeps, challenges: Challenges, sessions: Sessions, now: () => Date) {
  const { store, registry } = deps;

  async function blockFor(keys: string[]) {
    return blockOf(await Promise.all(keys.map((key) => store.findThrottle(key))), now());
  }

  return {
    async start(
      input: { username: string; password: string; channel?: 'SMS' | 'EMAIL' | 'TOTP' | null },
      origin: RequestOrigin,
    ): Promise<Outcome<ChallengeRow, IdentityErrorCode>> {
      const key = usernameKey(input.username.slice(0, 64));
      const keys = signInKeys(key, origin.ipAddress);
      const block = await blockFor(keys);
      if (block.seconds > 0) {
        // A try while blocked still counts against this caller, making their
        // block longer, but not against the name itself: hammering from one
        // address must not lengthen the owner's wait.
        const ownKeys = keys.filter((k) => !k.startsWith('user:') || block.blockingKeys.includes(k));
        await store.atomically((tx) => recordAttempt(tx, ownKeys, now()), COUNTING);
        return refuse('TOO_MANY_ATTEMPTS', null, { seconds: block.seconds });
      }

      const account = await store.findAccountByUsernameKey(key);
      const passwordOk =
        account && account.status === 'ACTIVE' && input.password.length <= 1024
          ? await verifyPassword(account.passwordHash, input.password)
          : await verifyAgainstDummy(input.password.slice(0, 1024));

      if (!account || !passwordOk) {
        const at = now();
        await store.atomically(async (tx) => {
          const blockStarted = await recordAttempt(tx, keys, at);
          if (account) await recordEvent(tx, account.id, 'SIGN_IN_FAILED', origin, at);
          if (account && blockStarted) await recordEvent(tx, account.id, 'SIGN_IN_THROTTLED', origin, at);
        }, COUNTING);
        return refuse('INVALID_CREDENTIALS', null);
      }
      if (needsRehash(account.passwordHash)) {
        const passwordHash = await hashPassword(input.password);
        await store.atomically((tx) => tx.updateAccount(account.id, { passwordHash }));
      }
      if (input.channel === 'TOTP' && !account.totpSecret) return refuse('TOTP_NOT_ENROLLED', ['channel']);
      const person = await registry.findPerson(account.personIdNumber);
      if (!person) throw new Error('account without a registry person');
      const byApp = input.channel === 'TOTP';
      const challenge = await challenges.issue(
        {
          purpose: 'SIGN_IN', channel: byApp ? 'TOTP' : 'SMS', destination: byApp ? null : person.mobile,
          personIdNumber: person.idNumber, accountId: account.id,
        },
        origin.language,
      );
      return succeed(challenge);
    },

    async verify(challengeId: string, code: string, origin: RequestOrigin): Promise<Outcome<{ account: AccountRow; tokens: IssuedTokens }, IdentityErrorCode>> {
      let acceptedTimeStep: number | null = null;
      const opened = await challenges.check(
        challengeId,
        'SIGN_IN',
        code,
        async (tx, row) => {
          const account = row.accountId === null ? undefined : await tx.account(row.accountId);
          if (!account || account.status !== 'ACTIVE') return refuse('CHALLENGE_NOT_FOUND', ['challengeId']);
          const at = now();
          await tx.updateChallenge(row.id, { consumedAt: at, verifiedAt: at });
          if (acceptedTimeStep !== null) await tx.updateAccount(account.id, { totpLastTimeStep: acceptedTimeStep });
          await clearNameThrottles(tx, account.usernameKey, origin.ipAddress);
          return succeed({ account, ...(await sessions.open(tx, account, origin, at)) });
        },
        async (tx, row) => {
          if (row.accountId !== null) await recordEvent(tx, row.accountId, 'SIGN_IN_FAILED', origin, now());
        },
        async (tx, row, given) => {
          // Set on every run of the transaction (it may run again on
          // PostgreSQL), before `onSuccess` reads it.
          acceptedTimeStep = null;
          const account = row.accountId === null ? undefined : await tx.account(row.accountId);
          if (!account?.totpSecret) return false;
          acceptedTimeStep = matchTotp(openTotpSecret(deps.totpKeys, account.id, account.totpSecret), given, now(), account.totpLastTimeStep);
          return acceptedTimeStep !== null;
        },
      );
      if (!opened.ok) return opened;
      const { account, sessionId, refreshToken } = opened.value;
      return succeed({ account, tokens: await sessions.accessTokenFor(account, sessionId, refreshToken) });
    },
  };
}
