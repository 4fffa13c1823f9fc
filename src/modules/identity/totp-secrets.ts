// Authenticator-app secrets are sealed at rest with their own key ring
// (TOTP_SECRET_KEY): a copy of the database alone must not let anyone produce
// a person's second factor. Each secret is bound to its account, so a sealed
// secret copied onto another account's row does not open.
import { loadKeyRing, keyRing, type KeyPurpose, type KeyRing } from '../../crypto/key-ring.js';
import { openText, sealToText } from '../../crypto/sealed.js';
import type { IdentityStore } from './store.js';

const TOTP_KEYS: KeyPurpose = {
  variable: 'TOTP_SECRET_KEY',
  idPrefix: 'tk',
  idLabel: 'absher-totp-key-id',
  developmentFile: 'totp-secret-keys.json',
};

export const totpKeyRing = (base64Keys: readonly string[]): KeyRing => keyRing(TOTP_KEYS, base64Keys);

export function loadTotpKeyRing(options: { configured: string[] | undefined; dataDir: string; allowGenerate: boolean }): KeyRing {
  return loadKeyRing(TOTP_KEYS, options);
}

const binding = (accountId: number) => `accounts.totp:${accountId}`;

export function sealTotpSecret(keys: KeyRing, accountId: number, secret: string): string {
  return sealToText(keys, secret, binding(accountId));
}

export function openTotpSecret(keys: KeyRing, accountId: number, sealed: string): string {
  return openText<string>(keys, sealed, binding(accountId));
}

const isSealed = (text: string) => text.includes(':');

/**
 * Secrets written before sealing existed (plain base32) are sealed in place at
 * start-up: nobody loses their authenticator app, and no plaintext secret
 * stays in the database. Returns how many accounts were sealed.
 */
export async function sealUnsealedTotpSecrets(store: IdentityStore, keys: KeyRing): Promise<number> {
  const found = await store.accountsWithUnsealedTotp();
  if (!found.length) return 0;
  await store.atomically(async (tx) => {
    for (const { id } of found) {
      // Read again inside the transaction: another server may have changed it since.
      const account = await tx.account(id);
      if (!account) continue;
      const seal = (secret: string | null) => (secret === null || isSealed(secret) ? secret : sealTotpSecret(keys, id, secret));
      await tx.updateAccount(id, { totpSecret: seal(account.totpSecret), totpPendingSecret: seal(account.totpPendingSecret) });
    }
  });
  return found.length;
}
