// Health data keys: AES-256-GCM sealing bound to its row, key IDs for
// rotation, and HEALTH_DATA_KEY required in production.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config.js';
import { healthKeyRing } from '../../src/modules/health/data-keys.js';
import { SealedDataIntegrityError, open, seal } from '../../src/crypto/sealed.js';

const newKey = () => randomBytes(32).toString('base64');

describe('sealing health data', () => {
  it('opens what it sealed, and names the key it used', () => {
    const ring = healthKeyRing([newKey()]);
    const sealed = seal(ring, { allergies: ['Penicillin'] }, 'health_record:1000000008');
    expect(sealed.keyId).toBe(ring.current.id);
    expect(sealed.ciphertext).not.toContain('Penicillin');
    expect(open(ring, sealed, 'health_record:1000000008')).toEqual({ allergies: ['Penicillin'] });
  });

  it('still opens old rows after a new key is put first, and refuses once the old key is removed', () => {
    const [oldKey, newer] = [newKey(), newKey()];
    const sealed = seal(healthKeyRing([oldKey]), 'secret', 'x');
    const rotated = healthKeyRing([newer, oldKey]);
    expect(open(rotated, sealed, 'x')).toBe('secret');
    expect(seal(rotated, 'secret', 'x').keyId).not.toBe(sealed.keyId);
    expect(() => open(healthKeyRing([newer]), sealed, 'x')).toThrow(SealedDataIntegrityError);
  });

  it('fails loudly on a tampered ciphertext, a truncated tag, or another row\'s binding', () => {
    const ring = healthKeyRing([newKey()]);
    const sealed = seal(ring, 'secret', 'health_record:1000000008');
    const parts = sealed.ciphertext.split('.');
    const flipped = Buffer.from(parts[2]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    const tampered = [parts[0], parts[1], flipped.toString('base64url'), parts[3]].join('.');
    expect(() => open(ring, { ...sealed, ciphertext: tampered }, 'health_record:1000000008')).toThrow(SealedDataIntegrityError);
    const shortTag = [parts[0], parts[1], parts[2], Buffer.from(parts[3]!, 'base64url').subarray(0, 4).toString('base64url')].join('.');
    expect(() => open(ring, { ...sealed, ciphertext: shortTag }, 'health_record:1000000008')).toThrow(SealedDataIntegrityError);
    expect(() => open(ring, sealed, 'health_record:2000000006')).toThrow(SealedDataIntegrityError);
  });
});

describe('HEALTH_DATA_KEY', () => {
  const production = { NODE_ENV: 'production', JWT_PRIVATE_JWKS: '[{}]', TOTP_SECRET_KEY: newKey() };

  it('is required in production, with a message naming it', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/\bHEALTH_DATA_KEY\b/);
  });

  it('must be base64 of 32 bytes', () => {
    expect(() => loadConfig({ HEALTH_DATA_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/\bHEALTH_DATA_KEY\b/);
    expect(() => loadConfig({ HEALTH_DATA_KEY: 'not base64 at all, but long enough to look like a key?' })).toThrow(/\bHEALTH_DATA_KEY\b/);
  });

  it('takes one key, or several for rotation (the first encrypts)', () => {
    const [a, b] = [newKey(), newKey()];
    expect(loadConfig({ ...production, HEALTH_DATA_KEY: a }).healthDataKeys).toEqual([a]);
    expect(loadConfig({ HEALTH_DATA_KEY: `${a},${b}` }).healthDataKeys).toEqual([a, b]);
  });
});
