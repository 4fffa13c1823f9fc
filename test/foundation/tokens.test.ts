// Every way a forged or stale access token has been accepted somewhere must be
// refused here (security checklist E9), both by the verifier and over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, exportJWK, base64url } from 'jose';
import { generateSigningJwk, loadKeyRing } from '../../src/auth/keys.js';
import { createTokenService, type TokenService } from '../../src/auth/tokens.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount } from '../helpers/people.js';

const issuer = 'https://api.absher.local';
const audience = 'absher-graphql';
let platform: TestPlatform;
let tokens: TokenService;
let jwks: { keys: Array<Record<string, unknown>> };
let validClaims: { sid: string; roles: string[]; sub: string };

beforeAll(async () => {
  platform = await startTestPlatform();
  // The platform's own key ring, read from its data folder as a restart would.
  const ring = await loadKeyRing({ privateJwks: undefined, dataDir: platform.dataDir, allowGenerate: true });
  tokens = createTokenService(ring, { issuer, audience });
  jwks = (await (await fetch(`${platform.url}/.well-known/jwks.json`)).json()) as typeof jwks;
  const session = await signInAccount(platform, await registerAccount(platform));
  const payload = JSON.parse(new TextDecoder().decode(base64url.decode(session.accessToken.split('.')[1]!))) as typeof validClaims;
  validClaims = { sid: payload.sid, roles: payload.roles, sub: payload.sub };
});
afterAll(async () => {
  await platform.stop();
});

const meCode = async (token: string) => {
  const answer = await platform.gql(`{ me { id } }`, {}, { token });
  return { status: answer.status, code: answer.errors?.[0]?.extensions?.code ?? 'OK' };
};

async function signedWithOurKey(header: Record<string, unknown>, claims: Record<string, unknown>) {
  const ring = await loadKeyRing({ privateJwks: undefined, dataDir: platform.dataDir, allowGenerate: true });
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: ring.current.kid, typ: 'at+jwt', ...header }).sign(ring.current.privateKey);
}

const now = () => Math.floor(Date.now() / 1000);
const goodClaims = () => ({ ...validClaims, iss: issuer, aud: audience, iat: now(), exp: now() + 300 });

describe('access tokens', () => {
  it('accepts a well-formed token for an open session (control case)', async () => {
    const token = await signedWithOurKey({}, goodClaims());
    expect(await tokens.verify(token)).not.toBeNull();
    expect(await meCode(token)).toEqual({ status: 200, code: 'OK' });
  });

  it('JWKS carries public keys only, each with kid and alg', () => {
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kid: expect.any(String), alg: 'ES256', kty: 'EC' });
      expect(key).not.toHaveProperty('d');
    }
  });

  const forged: Array<[string, () => Promise<string>]> = [
    ['expired', () => signedWithOurKey({}, { ...goodClaims(), iat: now() - 900, exp: now() - 600 })],
    ['missing exp', () => signedWithOurKey({}, { ...goodClaims(), exp: undefined })],
    ['not yet valid (nbf)', () => signedWithOurKey({}, { ...goodClaims(), nbf: now() + 600 })],
    ['wrong issuer', () => signedWithOurKey({}, { ...goodClaims(), iss: 'https://evil.example' })],
    ['wrong audience', () => signedWithOurKey({}, { ...goodClaims(), aud: 'other-api' })],
    ['wrong typ', () => signedWithOurKey({ typ: 'JWT' }, goodClaims())],
    ['unknown kid', () => signedWithOurKey({ kid: 'no-such-key' }, goodClaims())],
    [
      'alg none',
      async () => `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${base64url.encode(JSON.stringify(goodClaims()))}.`,
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
        return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'HS256', kid: String(jwks.keys[0]!.kid), typ: 'at+jwt' }).sign(secret);
      },
    ],
    [
      'signed by another key under our kid',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'ES256', kid: String(jwks.keys[0]!.kid), typ: 'at+jwt' }).sign(privateKey);
      },
    ],
    [
      'carrying its own jwk header',
      async () => {
        const { privateKey, publicKey } = await generateKeyPair('ES256');
        return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', jwk: await exportJWK(publicKey) }).sign(privateKey);
      },
    ],
    [
      'pointing at a foreign key set (jku)',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'attacker', jku: 'https://evil.example/jwks.json' }).sign(privateKey);
      },
    ],
    ['garbage', async () => 'not.a.token'],
  ];

  for (const [name, make] of forged) {
    it(`refuses a token that is ${name}`, async () => {
      const token = await make();
      expect(await tokens.verify(token)).toBeNull();
      expect(await meCode(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });
  }

  it('refuses a valid signature for a session that does not exist', async () => {
    const token = await signedWithOurKey({}, { ...goodClaims(), sid: 'no-such-session' });
    expect(await tokens.verify(token)).not.toBeNull();
    expect(await meCode(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a malformed Authorization header', async () => {
    const answer = await platform.gql(`{ apiInfo { version } }`, {}, { headers: { authorization: 'Token abc' } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('signing-key rotation', () => {
  const serviceWith = async (...jwksInOrder: Array<Awaited<ReturnType<typeof generateSigningJwk>>>) =>
    createTokenService(await loadKeyRing({ privateJwks: JSON.stringify(jwksInOrder), dataDir: '', allowGenerate: false }), { issuer, audience });
  const viewer = { accountId: 7, sessionId: 'rotation', roles: [] };

  it('accepts tokens of the previous key while both are listed, signs with the first, and refuses them once the key is removed', async () => {
    const [oldKey, newKey] = [await generateSigningJwk(), await generateSigningJwk()];
    const before = await serviceWith(oldKey);
    const oldToken = (await before.issuePersonToken(viewer)).token;

    const during = await serviceWith(newKey, oldKey);
    expect(during.jwks.keys.map((k) => k.kid)).toEqual([newKey.kid, oldKey.kid]);
    expect(await during.verify(oldToken)).toMatchObject({ kind: 'person', accountId: 7 });
    const newToken = (await during.issuePersonToken(viewer)).token;
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(newToken.split('.')[0]!))).kid).toBe(newKey.kid);

    const after = await serviceWith(newKey);
    expect(after.jwks.keys.map((k) => k.kid)).toEqual([newKey.kid]);
    expect(await after.verify(oldToken)).toBeNull();
    expect(await after.verify(newToken)).toMatchObject({ kind: 'person', accountId: 7 });
  });
});
