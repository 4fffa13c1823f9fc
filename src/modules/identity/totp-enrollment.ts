// Setting up an authenticator app as the second factor. Starting and removing
// ask for the password again: a stolen access token alone must not be able to
// swap the person's second factor for the thief's.
import { verifyPassword } from '../../auth/passwords.js';
import { matchTotp, newTotpSecret, totpUri } from '../../auth/totp.js';
import type { Viewer } from '../../auth/tokens.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { IdentityDeps, RequestOrigin } from './deps.js';
import { recordEvent } from './sessions.js';
import { openTotpSecret, sealTotpSecret } from './totp-secrets.js';
import type { AccountRow } from './tables.js';

type PersonViewer = Extract<Viewer, { kind: 'person' }>;
type Result<T> = Promise<Outcome<T, IdentityErrorCode>>;

export function createTotpEnrollment(deps: IdentityDeps, now: () => Date) {
  const { store, totpKeys } = deps;

  async function accountWithPassword(viewer: PersonViewer, password: string): Promise<AccountRow | null> {
    const account = await store.findAccount(viewer.accountId);
    if (!account) throw new Error('signed-in account vanished');
    return password.length <= 1024 && (await verifyPassword(account.passwordHash, password)) ? account : null;
  }

  return {
    /** A new secret for the app; it takes effect only once a code from the app confirms it. */
    async start(viewer: PersonViewer, password: string): Result<{ secret: string; uri: string }> {
      const account = await accountWithPassword(viewer, password);
      if (!account) return refuse('INVALID_CREDENTIALS', ['password']);
      if (account.totpSecret) return refuse('TOTP_ALREADY_ENROLLED', null);
      const secret = newTotpSecret();
      await store.atomically((tx) => tx.updateAccount(account.id, { totpPendingSecret: sealTotpSecret(totpKeys, account.id, secret) }));
      return succeed({ secret, uri: totpUri(secret, account.username) });
    },

    async confirm(viewer: PersonViewer, code: string, origin: RequestOrigin): Result<AccountRow> {
      const at = now();
      return store.atomically(async (tx): Promise<Outcome<AccountRow, IdentityErrorCode>> => {
        const account = await tx.account(viewer.accountId);
        if (!account) throw new Error('signed-in account vanished');
        if (account.totpSecret) return refuse('TOTP_ALREADY_ENROLLED', null);
        if (!account.totpPendingSecret) return refuse('TOTP_ENROLLMENT_NOT_STARTED', null);
        const timeStep = matchTotp(openTotpSecret(totpKeys, account.id, account.totpPendingSecret), code, at, null);
        if (timeStep === null) return refuse('CODE_INVALID', ['code']);
        const changes = { totpSecret: account.totpPendingSecret, totpPendingSecret: null, totpLastTimeStep: timeStep };
        await tx.updateAccount(account.id, changes);
        await recordEvent(tx, account.id, 'TOTP_ENROLLED', origin, at);
        return succeed({ ...account, ...changes });
      });
    },

    /** Back to SMS codes only. */
    async remove(viewer: PersonViewer, password: string, origin: RequestOrigin): Result<AccountRow> {
      const account = await accountWithPassword(viewer, password);
      if (!account) return refuse('INVALID_CREDENTIALS', ['password']);
      if (!account.totpSecret) return refuse('TOTP_NOT_ENROLLED', null);
      const changes = { totpSecret: null, totpPendingSecret: null, totpLastTimeStep: null };
      await store.atomically(async (tx) => {
        await tx.updateAccount(account.id, changes);
        await recordEvent(tx, account.id, 'TOTP_REMOVED', origin, now());
      });
      return succeed({ ...account, ...changes });
    },
  };
}
