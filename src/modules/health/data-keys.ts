// The health module's key ring, from HEALTH_DATA_KEY. Key IDs keep the `hk-`
// form the rows written so far carry.
import { loadKeyRing, keyRing, type KeyPurpose, type KeyRing } from '../../crypto/key-ring.js';

export type HealthKeyRing = KeyRing;

const HEALTH_KEYS: KeyPurpose = {
  variable: 'HEALTH_DATA_KEY',
  idPrefix: 'hk',
  idLabel: 'absher-health-key-id',
  developmentFile: 'health-data-keys.json',
};

export const healthKeyRing = (base64Keys: readonly string[]): HealthKeyRing => keyRing(HEALTH_KEYS, base64Keys);

export function loadHealthKeyRing(options: { configured: string[] | undefined; dataDir: string; allowGenerate: boolean }): HealthKeyRing {
  return loadKeyRing(HEALTH_KEYS, options);
}
