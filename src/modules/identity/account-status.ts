// Administrators disable an account that must stop at once (fraud reported,
// the person's own request, a death in the registry) and enable it again.
// Disabling ends every session and, through tokensValidAfter, every access
// token at once; a disabled account can neither sign in nor reset its
// password. The person reads both events in `me { securityEvents }`; which
// administrator acted is in the operators' log under the request ID.
import { isValidIdNumber } from '../registry/id-number.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';
import type { IdentityDeps, RequestOrigin } from './deps.js';
import type { AccountRow } from './tables.js';
import { recordEvent } from './sessions.js';

export type DisabledReason = NonNullable<AccountRow['disabledReason']>;

type Result = Promise<Outcome<true, IdentityErrorCode>>;

/** The person's security log shows the event, not the administrator's address or browser. */
const byAdministrator = (origin: RequestOrigin): RequestOrigin => ({ ...origin, ipAddress: null, device: 'administrator' });

export function createAccountStatus(deps: IdentityDeps, now: () => Date) {
  const { store, logger } = deps;

  return {
    async disable(adminAccountId: number, idNumber: string, reason: DisabledReason, origin: RequestOrigin): Result {
      if (!isValidIdNumber(idNumber)) return refuse('INVALID_ID_NUMBER', ['idNumber']);
      const outcome = await store.atomically(async (tx): Promise<Outcome<AccountRow, IdentityErrorCode>> => {
        const account = await tx.accountByPerson(idNumber);
        if (!account) return refuse('ACCOUNT_NOT_FOUND', ['idNumber']);
        if (account.id === adminAccountId) return refuse('CANNOT_DISABLE_OWN_ACCOUNT', ['idNumber']);
        if (account.status === 'DISABLED') return refuse('ACCOUNT_ALREADY_DISABLED', ['idNumber']);
        const at = now();
        await tx.updateAccount(account.id, { status: 'DISABLED', disabledReason: reason, disabledAt: at, tokensValidAfter: at });
        await tx.revokeSessionsOf(account.id, at, 'ACCOUNT_DISABLED');
        await recordEvent(tx, account.id, 'ACCOUNT_DISABLED', byAdministrator(origin), at);
        return succeed(account);
      });
      if (!outcome.ok) return outcome;
      logger?.info({ adminAccountId, accountId: outcome.value.id, reason, requestId: origin.requestId }, 'account disabled by an administrator');
      return succeed(true);
    },

    async enable(adminAccountId: number, idNumber: string, origin: RequestOrigin): Result {
      if (!isValidIdNumber(idNumber)) return refuse('INVALID_ID_NUMBER', ['idNumber']);
      const outcome = await store.atomically(async (tx): Promise<Outcome<AccountRow, IdentityErrorCode>> => {
        const account = await tx.accountByPerson(idNumber);
        if (!account) return refuse('ACCOUNT_NOT_FOUND', ['idNumber']);
        if (account.status !== 'DISABLED') return refuse('ACCOUNT_NOT_DISABLED', ['idNumber']);
        await tx.updateAccount(account.id, { status: 'ACTIVE' });
        await recordEvent(tx, account.id, 'ACCOUNT_ENABLED', byAdministrator(origin), now());
        return succeed(account);
      });
      if (!outcome.ok) return outcome;
      logger?.info({ adminAccountId, accountId: outcome.value.id, requestId: origin.requestId }, 'account enabled by an administrator');
      return succeed(true);
    },
  };
}
