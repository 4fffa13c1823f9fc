// Rules on account details chosen by the person, and writing a new account.
import type { IdentityErrorCode } from './errors.js';
import { passwordProblem } from '../../auth/passwords.js';
import { Refusal, refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityTx } from './store.js';
import type { AccountRow } from './tables.js';

const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
// Deliberately loose (RFC 5322 is not a regex); the e-mail code proves it works.
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

/** The form usernames are compared in: "Ahmed" and "AHMED" are one name. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export function usernameRefusal(username: string): Refusal<IdentityErrorCode> | null {
  return USERNAME_PATTERN.test(username) ? null : new Refusal('USERNAME_INVALID', ['username']);
}

export function emailRefusal(email: string): Refusal<IdentityErrorCode> | null {
  return email.length <= 254 && EMAIL_PATTERN.test(email) ? null : new Refusal('EMAIL_INVALID', ['email']);
}

export function passwordRefusal(password: string, field: string, username?: string): Refusal<IdentityErrorCode> | null {
  const problem = passwordProblem(password, { username });
  return problem ? new Refusal(`PASSWORD_${problem}`, [field]) : null;
}

export interface NewAccountDetails {
  personIdNumber: string;
  username: string;
  email: string;
  passwordHash: string;
  roles: string[];
  emailVerifiedAt: Date | null;
}

/**
 * Writes a new account and its ACCOUNT_CREATED event in the caller's
 * transaction, unless the person already has an account or the name is taken
 * in any case. Registration and operator provisioning both come through here.
 */
export async function insertNewAccount(
  tx: IdentityTx,
  details: NewAccountDetails,
  origin: { ipAddress: string | null; device: string; requestId: string | null },
  at: Date,
): Promise<Outcome<AccountRow, IdentityErrorCode>> {
  if (await tx.accountByPerson(details.personIdNumber)) return refuse('IDENTITY_NOT_VERIFIED', null);
  const key = usernameKey(details.username);
  if (await tx.accountByUsernameKey(key)) return refuse('USERNAME_TAKEN', ['username']);
  const account = await tx.insertAccount({ ...details, usernameKey: key, tokensValidAfter: at, createdAt: at });
  await tx.insertSecurityEvent({ accountId: account.id, type: 'ACCOUNT_CREATED', ...origin, occurredAt: at });
  return succeed(account);
}
