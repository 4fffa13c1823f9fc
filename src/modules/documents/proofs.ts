// Document proofs: a short-lived signed statement ("this person holds a valid
// driving licence until ...") that a partner or checkpoint verifies offline
// with /.well-known/jwks.json. It carries the least that proves the point: the
// document's type, its number (what the checkpoint compares with the card in
// hand) and its validity. No name, no ID number field, no other record. A hash
// of the number would hide nothing: numbers are short and predictable.
import { randomUUID } from 'node:crypto';
import { Refusal, succeed, type Outcome } from '../../server/user-errors.js';
import type { RegistryDocumentRow } from '../registry/tables.js';
import type { DocumentsDeps, Holder } from './deps.js';
import type { DocumentErrorCode } from './errors.js';
import { riyadhToday } from './calendar.js';

export const DOCUMENT_PROOF_TTL_SECONDS = 10 * 60;

export interface DocumentProof {
  token: string;
  expiresAt: Date;
  document: RegistryDocumentRow;
}

export function createProofs(deps: DocumentsDeps) {
  return {
    async create(holder: Holder, documentId: number): Promise<Outcome<DocumentProof, DocumentErrorCode>> {
      const document = await deps.store.document(documentId);
      if (!document || document.personIdNumber !== holder.idNumber) {
        return { ok: false, refusals: [new Refusal<DocumentErrorCode>('DOCUMENT_NOT_FOUND', ['documentId'])] };
      }
      const today = riyadhToday(deps.now());
      if (document.expiresOn < today) return { ok: false, refusals: [new Refusal<DocumentErrorCode>('DOCUMENT_EXPIRED', ['documentId'])] };
      const { token, expiresAt } = await deps.tokens.signDocumentProof(
        {
          jti: randomUUID(),
          document_type: document.type,
          document_number: document.number,
          valid: true,
          checked_on: today,
          expires_on: document.expiresOn,
        },
        DOCUMENT_PROOF_TTL_SECONDS,
      );
      return succeed({ token, expiresAt, document });
    },
  };
}
