// Rules on account details chosen by the person.
import type { IdentityErrorCode } from './errors.js';
import { passwordProblem } from '../../auth/passwords.js';
import { Refusal } from '../../server/user-errors.js';

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
