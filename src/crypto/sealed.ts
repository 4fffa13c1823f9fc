// AES-256-GCM for fields encrypted at rest. The additional data binds a
// ciphertext to the row it belongs to (whose record, which table), so a
// ciphertext copied onto another person's row fails to open, like a tampered
// one: loudly.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring.js';

export interface Sealed {
  ciphertext: string;
  keyId: string;
}

export class SealedDataIntegrityError extends Error {}

const VERSION = 'v1';

export function seal(keys: KeyRing, value: unknown, boundTo: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const parts = [VERSION, iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url')));
  return { ciphertext: parts.join('.'), keyId: keys.current.id };
}

export function open<T>(keys: KeyRing, sealed: Sealed, boundTo: string): T {
  const key = keys.byId.get(sealed.keyId);
  if (!key) throw new SealedDataIntegrityError(`data sealed with unknown key ${sealed.keyId}`);
  const [version, iv, body, tag] = sealed.ciphertext.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) throw new SealedDataIntegrityError('ciphertext is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    throw new SealedDataIntegrityError('ciphertext failed authentication');
  }
}

/**
 * One text column's worth: the key ID and the ciphertext together, for a
 * field that has no column of its own for the key ID.
 */
export function sealToText(keys: KeyRing, value: unknown, boundTo: string): string {
  const sealed = seal(keys, value, boundTo);
  return `${sealed.keyId}:${sealed.ciphertext}`;
}

export function openText<T>(keys: KeyRing, text: string, boundTo: string): T {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new SealedDataIntegrityError('sealed text is malformed');
  return open<T>(keys, { keyId: text.slice(0, colon), ciphertext: text.slice(colon + 1) }, boundTo);
}
