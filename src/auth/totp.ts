// Authenticator-app codes (RFC 6238, 30-second steps, 6 digits), as Google
// Authenticator and its peers produce them. Synchronous so that a code can be
// checked inside the transaction that records its use.
import { generateSecret, generateURI, verifySync } from 'otplib';

// One step either side absorbs a phone clock that drifts by up to 30 seconds.
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: 'Absher', label: accountLabel, secret });
}

/**
 * The time step the code belongs to when it is right for this secret at this
 * time, else null. A step at or before `afterTimeStep` is refused: a code seen
 * once (by a shoulder-surfer, or a phishing proxy) cannot be replayed.
 */
export function matchTotp(secret: string, code: string, at: Date, afterTimeStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
