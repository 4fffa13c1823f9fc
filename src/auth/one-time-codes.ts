// One-time codes: 6 digits from the CSPRNG, stored only as a keyed hash bound
// to their challenge, compared in constant time.
import { createHash, randomInt, timingSafeEqual, randomBytes } from 'node:crypto';

export const CODE_TTL_MS = 5 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_COOLDOWN_MS = 60 * 1000;
export const MAX_SENDS_PER_CHALLENGE = 5;

export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The hash is bound to the challenge: a code is worthless for any other challenge. */
export function hashCode(challengeId: string, code: string): string {
  return createHash('sha256').update(`${challengeId}\u0000${code}`).digest('base64url');
}

export function codeMatches(challengeId: string, code: string, storedHash: string): boolean {
  const candidate = Buffer.from(hashCode(challengeId, code));
  const stored = Buffer.from(storedHash);
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}

export function isWellFormedCode(code: string): boolean {
  return /^[0-9]{6}$/.test(code);
}

/** Opaque random identifiers and secrets (challenge IDs, refresh tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
