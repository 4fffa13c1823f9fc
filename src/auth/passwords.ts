// Password hashing and policy (OWASP Password Storage and ASVS 5.0 chapter 6):
// argon2id at OWASP's recommended cost, length >= 12 with no composition
// rules and no truncation, common passwords refused.
import argon2 from 'argon2';
import pLimit from 'p-limit';
import { dictionary } from '@zxcvbn-ts/language-common';

// m = 19 MiB, t = 2, p = 1: OWASP's recommended argon2id configuration.
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
// Long enough for any passphrase; the bound stops multi-megabyte inputs.
export const MAX_PASSWORD_LENGTH = 1024;

// argon2 runs on libuv's 4-thread pool, which jose's crypto also uses:
// unbounded sign-ins would starve token verification for every other request.
const hashingSlots = pLimit(2);

/** Hashes running and waiting for a slot: the queue operators watch (metrics.ts). */
export function passwordHashingLoad(): { active: number; waiting: number } {
  return { active: hashingSlots.activeCount, waiting: hashingSlots.pendingCount };
}

const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON';

export function passwordProblem(password: string, context: { username?: string } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'TOO_SHORT';
  if (length > MAX_PASSWORD_LENGTH) return 'TOO_LONG';
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) return 'TOO_COMMON';
  if (context.username && lowered.includes(context.username.toLowerCase())) return 'TOO_COMMON';
  if (/^(.)\1+$/u.test(password)) return 'TOO_COMMON';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hashingSlots(() => argon2.hash(password.normalize('NFC'), HASH_OPTIONS));
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return hashingSlots(() => argon2.verify(hash, password.normalize('NFC')));
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, HASH_OPTIONS);
}

// Verifying against a real hash when the user does not exist makes an unknown
// username take as long as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= argon2.hash('not-a-real-password-0000', HASH_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}
