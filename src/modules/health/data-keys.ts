// Keys for health data at rest. Production takes them from HEALTH_DATA_KEY;
// development and tests make one once and keep it under the data folder (like
// the JWT signing keys), never in the database it protects. Each key is known
// by an ID derived from it, stored beside every ciphertext, so that old rows
// still decrypt after a new key is put first (rotation).
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

export interface HealthDataKey {
  id: string;
  key: Buffer;
}

export interface HealthKeyRing {
  /** The key new ciphertexts are written with. */
  current: HealthDataKey;
  byId: ReadonlyMap<string, HealthDataKey>;
}

export class HealthKeyConfigError extends Error {}

const keyIdOf = (key: Buffer) => `hk-${createHash('sha256').update('absher-health-key-id').update(key).digest('hex').slice(0, 16)}`;

function toKey(base64: string): HealthDataKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new HealthKeyConfigError('HEALTH_DATA_KEY keys must be base64 of 32 bytes');
  return { id: keyIdOf(key), key };
}

export function healthKeyRing(base64Keys: readonly string[]): HealthKeyRing {
  if (base64Keys.length === 0) throw new HealthKeyConfigError('HEALTH_DATA_KEY must hold at least one key');
  const keys = base64Keys.map(toKey);
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

export function loadHealthKeyRing(options: { configured: string[] | undefined; dataDir: string; allowGenerate: boolean }): HealthKeyRing {
  if (options.configured) return healthKeyRing(options.configured);
  if (!options.allowGenerate) throw new HealthKeyConfigError('HEALTH_DATA_KEY is required');
  return healthKeyRing(loadOrCreateDevelopmentKeys(path.join(options.dataDir, 'keys', 'health-data-keys.json')));
}

function loadOrCreateDevelopmentKeys(file: string): string[] {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  const keys = [randomBytes(32).toString('base64')];
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
