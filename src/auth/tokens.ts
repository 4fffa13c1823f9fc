// Access tokens: short-lived ES256 JWTs. Verification pins the algorithm, the
// issuer, the audience and the token type, and requires exp: jose checks those
// only when asked. Keys come from our own key ring by `kid`, never from the
// token's `jwk`/`jku` headers.
import { SignJWT, createLocalJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import { SIGNING_ALGORITHM, type KeyRing } from './keys.js';

export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;
const ACCESS_TOKEN_TYPE = 'at+jwt';
// Document proofs are signed with the same keys (one JWKS for partners) but
// carry their own `typ` and audience, so the access-token verifier refuses them.
export const DOCUMENT_PROOF_TYPE = 'document-proof+jwt';
export const DOCUMENT_PROOF_AUDIENCE = 'absher-document-proof';

export type Viewer =
  | { kind: 'person'; accountId: number; sessionId: string; roles: string[]; issuedAt: number }
  | { kind: 'partner'; partnerId: string; scopes: string[]; issuedAt: number };

export interface TokenService {
  issuePersonToken(input: { accountId: number; sessionId: string; roles: string[] }): Promise<{ token: string; expiresAt: Date }>;
  issuePartnerToken(input: { partnerId: string; scopes: string[] }, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }>;
  /** The viewer the token speaks for, or null for any invalid token. */
  verify(token: string): Promise<Viewer | null>;
  /** A short-lived statement about a document that a checkpoint verifies offline with the JWKS. */
  signDocumentProof(claims: Record<string, unknown>, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }>;
  jwks: KeyRing['jwks'];
}

export function createTokenService(keys: KeyRing, options: { issuer: string; audience: string }): TokenService {
  const verificationKeys = createLocalJWKSet(keys.jwks);

  async function sign(subject: string | null, claims: Record<string, unknown>, ttlSeconds: number, typ = ACCESS_TOKEN_TYPE, audience = options.audience) {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.current.kid, typ })
      .setIssuer(options.issuer)
      .setAudience(audience);
    if (subject !== null) jwt.setSubject(subject);
    const token = await jwt
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(keys.current.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  return {
    jwks: keys.jwks,
    issuePersonToken: ({ accountId, sessionId, roles }) =>
      sign(`account:${accountId}`, { sid: sessionId, roles }, ACCESS_TOKEN_TTL_SECONDS),
    issuePartnerToken: ({ partnerId, scopes }, ttl) => sign(`partner:${partnerId}`, { scope: scopes.join(' ') }, ttl),
    signDocumentProof: (claims, ttl) => sign(null, claims, ttl, DOCUMENT_PROOF_TYPE, DOCUMENT_PROOF_AUDIENCE),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, verificationKeys, {
          algorithms: [SIGNING_ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          typ: ACCESS_TOKEN_TYPE,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: 5,
        });
        return viewerFromClaims(payload);
      } catch (error) {
        if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
        throw error;
      }
    },
  };
}

function viewerFromClaims(payload: Record<string, unknown>): Viewer | null {
  const subject = String(payload.sub);
  const issuedAt = Number(payload.iat);
  const account = /^account:(\d+)$/.exec(subject);
  if (account && typeof payload.sid === 'string' && Array.isArray(payload.roles)) {
    return { kind: 'person', accountId: Number(account[1]), sessionId: payload.sid, roles: payload.roles.map(String), issuedAt };
  }
  const partner = /^partner:(.+)$/.exec(subject);
  if (partner && typeof payload.scope === 'string') {
    return { kind: 'partner', partnerId: partner[1]!, scopes: payload.scope.split(' ').filter(Boolean), issuedAt };
  }
  return null;
}
