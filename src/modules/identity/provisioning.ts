// Accounts made by an operator rather than through public registration: the
// development demo set and officers' back-office accounts. The same rules as
// registration hold (the person is in the registry, has no account yet, the
// username is free, the password passes the policy and is hashed with
// argon2id); what is skipped is the SMS round trip, because the operator
// vouches for the person, so the e-mail counts as verified.
import type { Database } from '../../db/database.js';
import type { Role } from '../../generated/resolvers-types.js';
import { hashPassword } from '../../auth/passwords.js';
import { refuse, type Outcome, type Refusal } from '../../server/user-errors.js';
import type { RegistryService } from '../registry/service.js';
import { emailRefusal, insertNewAccount, passwordRefusal, usernameKey, usernameRefusal } from './accounts.js';
import type { IdentityErrorCode } from './errors.js';
import { createIdentityStore, type IdentityStore } from './store.js';
import type { AccountRow } from './tables.js';

export const ROLES: readonly Role[] = ['TRAFFIC_OFFICER', 'RESIDENCY_OFFICER', 'HEALTH_OFFICER', 'EDUCATION_OFFICER', 'SUPPORT_AGENT', 'ADMIN'];

export interface ProvisionedAccount {
  personIdNumber: string;
  username: string;
  password: string;
  email: string;
  roles?: readonly Role[];
}

export function createAccountProvisioning(deps: { db: Database; registry: RegistryService; now?: () => Date; store?: IdentityStore }) {
  const store = deps.store ?? createIdentityStore(deps.db);
  const now = deps.now ?? (() => new Date());

  return {
    async provision(input: ProvisionedAccount): Promise<Outcome<AccountRow, IdentityErrorCode>> {
      const problems = [
        usernameRefusal(input.username),
        passwordRefusal(input.password, 'password', input.username),
        emailRefusal(input.email),
      ].filter((p): p is Refusal<IdentityErrorCode> => p !== null);
      if (problems.length) return { ok: false, refusals: problems };
      const roles = [...new Set(input.roles ?? [])];
      if (roles.some((role) => !ROLES.includes(role))) throw new RangeError(`unknown role in ${roles.join(', ')}`);
      if (!(await deps.registry.findPerson(input.personIdNumber))) return refuse('IDENTITY_NOT_VERIFIED', ['personIdNumber']);

      // Hash outside the transaction: it takes tens of milliseconds.
      const passwordHash = await hashPassword(input.password);
      return store.atomically((tx) =>
        insertNewAccount(
          tx,
          { personIdNumber: input.personIdNumber, username: input.username, email: input.email, passwordHash, roles, emailVerifiedAt: now() },
          { ipAddress: null, device: 'provisioning', requestId: null },
          now(),
        ),
      );
    },

    findAccountByUsername: (username: string) => store.findAccountByUsernameKey(usernameKey(username)),
  };
}

export type AccountProvisioning = ReturnType<typeof createAccountProvisioning>;
