// Keys for data encrypted at rest (health records, authenticator secrets).
// Production takes them from configuration; development and tests make one
// once and keep it under the data folder (like the JWT signing keys), never in
// the database it protects. Each key is known by an ID derived from it, stored
// beside every ciphertext, so that old rows still decrypt after a new key is
// put first (rotation). Each purpose has its own ring: one leaked key opens
// one kind of data.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

export interface DataKey {
  id: string;
  key: Buffer;
}

export interface KeyRing {
  /** The key new ciphertexts are written with. */
  current: DataKey;
  byId: ReadonlyMap<string, DataKey>;
}

export class KeyConfigError extends Error {}

/** What a ring is for: the variable that configures it, and how its key IDs and development file are named. */
export interface KeyPurpose {
  variable: string;
  /** Prefix of key IDs, e.g. `hk` for health keys. */
  idPrefix: string;
  /** Mixed into the key ID hash so equal keys of two purposes get unrelated IDs. */
  idLabel: string;
  developmentFile: string;
}

function keyIdOf(purpose: KeyPurpose, key: Buffer): string {
  return `${purpose.idPrefix}-${createHash('sha256').update(purpose.idLabel).update(key).digest('hex').slice(0, 16)}`;
}

export function keyRing(purpose: KeyPurpose, base64Keys: readonly string[]): KeyRing {
  if (base64Keys.length === 0) throw new KeyConfigError(`${purpose.variable} must hold at least one key`);
  const keys = base64Keys.map((base64): DataKey => {
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new KeyConfigError(`${purpose.variable} keys must be base64 of 32 bytes`);
    return { id: keyIdOf(purpose, key), key };
  });
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

export function loadKeyRing(
  purpose: KeyPurpose,
  options: { configured: string[] | undefined; dataDir: string; allowGenerate: boolean },
): KeyRing {
  if (options.configured) return keyRing(purpose, options.configured);
  if (!options.allowGenerate) throw new KeyConfigError(`${purpose.variable} is required`);
  return keyRing(purpose, loadOrCreateDevelopmentKeys(path.join(options.dataDir, 'keys', purpose.developmentFile)));
}

/** A new data key in the form HEALTH_DATA_KEY and TOTP_SECRET_KEY take: base64 of 32 random bytes. */
export function generateDataKey(): string {
  return randomBytes(32).toString('base64');
}

function loadOrCreateDevelopmentKeys(file: string): string[] {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  const keys = [generateDataKey()];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // `wx`: if another process made the file first, use theirs.
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  }
  return keys;
}
