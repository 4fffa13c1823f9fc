// Signing keys. Production takes them from JWT_PRIVATE_JWKS; development and
// tests make an ES256 key once and keep it under the data folder so tokens
// survive a restart. Every key has a `kid`; the first signs, all verify.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface KeyRing {
  current: SigningKey;
  /** The public keys partners and checkpoints verify with (served as JWKS). */
  jwks: { keys: JWK[] };
}

export class KeyConfigError extends Error {}

export async function loadKeyRing(options: { privateJwks: string | undefined; dataDir: string; allowGenerate: boolean }): Promise<KeyRing> {
  let jwks: JWK[];
  if (options.privateJwks) {
    jwks = parsePrivateJwks(options.privateJwks);
  } else if (options.allowGenerate) {
    jwks = await loadOrCreateDevelopmentKeys(path.join(options.dataDir, 'keys', 'signing-keys.json'));
  } else {
    throw new KeyConfigError('JWT_PRIVATE_JWKS is required');
  }
  const keys = await Promise.all(jwks.map(importSigningKey));
  return { current: keys[0]!, jwks: { keys: keys.map((k) => k.publicJwk) } };
}

function parsePrivateJwks(text: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyConfigError('JWT_PRIVATE_JWKS must be a JSON array of private JWKs');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new KeyConfigError('JWT_PRIVATE_JWKS must hold at least one key');
  for (const jwk of parsed as JWK[]) {
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.kid) {
      throw new KeyConfigError('JWT_PRIVATE_JWKS keys must be private P-256 EC keys with a kid');
    }
  }
  return parsed as JWK[];
}

async function importSigningKey(jwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey;
  const { d: _private, ...publicFields } = jwk;
  return { kid: jwk.kid!, privateKey, publicJwk: { ...publicFields, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: SIGNING_ALGORITHM };
}

async function loadOrCreateDevelopmentKeys(file: string): Promise<JWK[]> {
  if (fs.existsSync(file)) return parsePrivateJwks(fs.readFileSync(file, 'utf8'));
  const jwk = await generateSigningJwk();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // `wx`: if another process made the file first, use theirs.
    fs.writeFileSync(file, JSON.stringify([jwk]), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parsePrivateJwks(fs.readFileSync(file, 'utf8'));
  }
  return [jwk];
}
