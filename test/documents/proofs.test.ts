// Document proofs: a checkpoint verifies them offline with the platform's
// published JWKS; they say only what they must; tampering breaks them; and
// they can never pass as an access token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, base64url } from 'jose';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addDocument, type TestDocument } from '../helpers/documents.js';
import { toGlobalId } from '../../src/server/global-id.js';
import { loadKeyRing } from '../../src/auth/keys.js';
import { createTokenService } from '../../src/auth/tokens.js';

const today = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;
let holder: SignedIn;
let licence: TestDocument;
let jwks: ReturnType<typeof createRemoteJWKSet>;
let issuer: string;

const PROOF = `mutation($input: CreateDocumentProofInput!) { createDocumentProof(input: $input) { proof { token expiresAt document { id type } } userErrors { field code message } } }`;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
  holder = await signInAccount(platform, await registerAccount(platform, await addRegistryPerson(platform, { nameEn: 'Proof Holder Name' })));
  licence = await addDocument(platform, holder.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2029-05-01', number: 'DL-5538-2291' });
  jwks = createRemoteJWKSet(new URL(`${platform.url}/.well-known/jwks.json`));
  issuer = decodeJwt(holder.accessToken).iss!;
});
afterAll(async () => {
  await platform.stop();
});

async function createProof(person: SignedIn, documentId: string) {
  const answer = await platform.gql<any>(PROOF, { input: { documentId } }, { token: person.accessToken });
  expect(answer.errors).toBeUndefined();
  return answer.data.createDocumentProof;
}

const verifyAsCheckpoint = (token: string) =>
  jwtVerify(token, jwks, { algorithms: ['ES256'], issuer, audience: 'absher-document-proof', typ: 'document-proof+jwt', requiredClaims: ['exp', 'iat'] });

describe('createDocumentProof', () => {
  it('gives a 10-minute proof that verifies against the published JWKS and carries only the facts needed', async () => {
    const { proof, userErrors } = await createProof(holder, licence.globalId);
    expect(userErrors).toEqual([]);
    expect(proof.document).toEqual({ id: licence.globalId, type: 'DRIVING_LICENSE' });

    const { payload, protectedHeader } = await verifyAsCheckpoint(proof.token);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'document-proof+jwt', kid: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(new Date(proof.expiresAt).getTime()).toBe(payload.exp! * 1000);
    const { iat: _iat, exp: _exp, jti, ...facts } = payload;
    expect(jti).toEqual(expect.any(String));
    expect(facts).toEqual({
      iss: issuer,
      aud: 'absher-document-proof',
      document_type: 'DRIVING_LICENSE',
      document_number: 'DL-5538-2291',
      valid: true,
      checked_on: '2026-11-25',
      expires_on: '2029-05-01',
    });
    // Nothing that names the person: no subject, no ID number, no name.
    const text = JSON.stringify({ ...payload, ...decodeProtectedHeader(proof.token) });
    expect(text).not.toContain(holder.idNumber);
    expect(text).not.toContain('Proof Holder');
  });

  it('fails verification once tampered with', async () => {
    const { proof } = await createProof(holder, licence.globalId);
    const [header, payload, signature] = proof.token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    const forged = `${header}.${base64url.encode(JSON.stringify({ ...claims, expires_on: '2035-01-01' }))}.${signature}`;
    await expect(verifyAsCheckpoint(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    const flipped = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expect(verifyAsCheckpoint(flipped)).rejects.toThrow();
  });

  it('is refused as an access token', async () => {
    const { proof } = await createProof(holder, licence.globalId);
    const answer = await platform.gql(`{ me { id } }`, {}, { token: proof.token });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.data ?? null).toBeNull();
    // And the access-token verifier itself, with the platform's own key ring (read back from its data folder), says no.
    const ring = await loadKeyRing({ privateJwks: undefined, dataDir: platform.dataDir, allowGenerate: true });
    const access = decodeJwt(holder.accessToken);
    const verifier = createTokenService(ring, { issuer: access.iss!, audience: String(access.aud) });
    expect(await verifier.verify(holder.accessToken)).not.toBeNull(); // control
    expect(await verifier.verify(proof.token)).toBeNull();
  });

  it('is not an access token\'s twin either: an access token fails the checkpoint\'s verification', async () => {
    await expect(verifyAsCheckpoint(holder.accessToken)).rejects.toThrow();
  });

  it('refuses an expired document', async () => {
    const lapsed = await addDocument(platform, holder.idNumber, { type: 'PASSPORT', expiresOn: '2026-11-24' });
    const answer = await createProof(holder, lapsed.globalId);
    expect(answer).toEqual({ proof: null, userErrors: [expect.objectContaining({ code: 'DOCUMENT_EXPIRED', field: ['documentId'] })] });
  });

  it('answers someone else\'s document exactly like an unknown one', async () => {
    const stranger = await signInAccount(platform, await registerAccount(platform));
    const theirs = await createProof(stranger, licence.globalId);
    expect(theirs).toEqual(await createProof(stranger, toGlobalId('Document', 424_242)));
    expect(theirs.userErrors).toEqual([expect.objectContaining({ code: 'DOCUMENT_NOT_FOUND' })]);
  });
});
