// Partner clients (machines, not people): registration, OAuth client
// credentials, secret rotation and disabling, and the partner use cases on a
// person's data, each written to that person's access log.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenService, Viewer } from '../../auth/tokens.js';
import type { RegistryService } from '../registry/service.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { PartnersStore } from './store.js';
import type { PartnerConsentRow } from './tables.js';
import { isPartnerScope, type PartnerScope } from './scopes.js';
import type { PartnerErrorCode } from './errors.js';

export const PARTNER_TOKEN_TTL_SECONDS = 10 * 60;
const DEFAULT_REQUESTS_PER_MINUTE = 120;

type PartnerViewer = Extract<Viewer, { kind: 'partner' }>;

// Client secrets are 256 random bits: a fast hash is enough (no dictionary to
// guess from), and keeps the token endpoint cheap to call.
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export class PartnerInputError extends Error {}

export interface AccessContext {
  requestId: string;
}

export function createPartnersService(deps: { store: PartnersStore; tokens: TokenService; registry: RegistryService; now?: () => Date }) {
  const { store, tokens, registry } = deps;
  const now = deps.now ?? (() => new Date());

  async function logPartnerRead(viewer: PartnerViewer, idNumber: string, dataCategory: string, purpose: string, context: AccessContext) {
    const partner = await store.findPartner(viewer.partnerId);
    await store.recordAccess({
      personIdNumber: idNumber,
      accessorKind: 'PARTNER',
      accessorId: viewer.partnerId,
      accessorName: partner?.name ?? viewer.partnerId,
      accessorRole: null,
      purpose,
      dataCategory,
      requestId: context.requestId,
      occurredAt: now(),
    });
  }

  return {
    async create(input: { name: string; scopes: string[]; requestsPerMinute?: number }): Promise<{ clientId: string; clientSecret: string; scopes: PartnerScope[] }> {
      const name = input.name.trim();
      if (name.length < 2 || name.length > 120) throw new PartnerInputError('--name must be 2 to 120 characters');
      const unknown = input.scopes.filter((s) => !isPartnerScope(s));
      if (input.scopes.length === 0 || unknown.length) {
        throw new PartnerInputError(`--scopes must list known scopes (${unknown.join(', ') || 'none given'} not known)`);
      }
      const scopes = [...new Set(input.scopes)] as PartnerScope[];
      const clientId = `pc_${randomBytes(12).toString('hex')}`;
      const clientSecret = randomBytes(32).toString('base64url');
      const at = now();
      await store.insertPartner({
        clientId, name, scopes, secretHash: hashSecret(clientSecret), status: 'ACTIVE',
        requestsPerMinute: input.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE, tokensValidAfter: at, createdAt: at,
      });
      return { clientId, clientSecret, scopes };
    },

    /** A new secret; tokens issued under the old one stop working. */
    async rotateSecret(clientId: string): Promise<{ clientId: string; clientSecret: string }> {
      const clientSecret = randomBytes(32).toString('base64url');
      if (!(await store.updatePartner(clientId, { secretHash: hashSecret(clientSecret), tokensValidAfter: now() }))) {
        throw new PartnerInputError(`no partner ${clientId}`);
      }
      return { clientId, clientSecret };
    },

    async disable(clientId: string): Promise<void> {
      if (!(await store.updatePartner(clientId, { status: 'DISABLED', tokensValidAfter: now() }))) throw new PartnerInputError(`no partner ${clientId}`);
    },

    /** OAuth 2.0 client credentials (RFC 6749 4.4): null for any bad credential. */
    async issueToken(clientId: string, clientSecret: string, requestedScope: string | undefined) {
      const partner = await store.findPartner(clientId);
      if (!partner || partner.status !== 'ACTIVE' || !secretMatches(clientSecret, partner.secretHash)) return null;
      const asked = requestedScope ? requestedScope.split(' ').filter(Boolean) : partner.scopes;
      if (asked.some((scope) => !partner.scopes.includes(scope))) return { error: 'invalid_scope' as const };
      const issued = await tokens.issuePartnerToken({ partnerId: clientId, scopes: asked }, PARTNER_TOKEN_TTL_SECONDS);
      return { token: issued.token, expiresIn: PARTNER_TOKEN_TTL_SECONDS, scope: asked.join(' '), requestsPerMinute: partner.requestsPerMinute };
    },

    /** The partner viewer, if its client is still active and the token postdates the last rotation. */
    async authenticate(viewer: PartnerViewer): Promise<(PartnerViewer & { requestsPerMinute: number }) | null> {
      const partner = await store.findPartner(viewer.partnerId);
      if (!partner || partner.status !== 'ACTIVE') return null;
      if (viewer.issuedAt < Math.floor(partner.tokensValidAfter.getTime() / 1000)) return null;
      return { ...viewer, scopes: viewer.scopes.filter((s) => partner.scopes.includes(s)), requestsPerMinute: partner.requestsPerMinute };
    },

    /** Three facts only: whether the pair matches a valid document, its type and expiry. */
    async verifyDocument(viewer: PartnerViewer, idNumber: string, documentNumber: string, context: AccessContext) {
      const document = await registry.findDocumentOfPerson(idNumber, documentNumber);
      if (!document) return { valid: false, type: null, expiresOn: null };
      await logPartnerRead(viewer, idNumber, 'DOCUMENT_VERIFICATION', 'documents:verify', context);
      const today = now().toISOString().slice(0, 10);
      return { valid: document.expiresOn >= today, type: document.type, expiresOn: document.expiresOn };
    },

    /**
     * Yes or no: do this name and date of birth belong to this ID? Answered
     * only with the person's recorded consent for this partner.
     */
    async matchIdentity(viewer: PartnerViewer, input: { idNumber: string; fullNameEn: string; dateOfBirth: string }, context: AccessContext) {
      const consent = await store.activeConsent(input.idNumber, viewer.partnerId, 'identity:match');
      if (!consent || (consent.expiresAt && consent.expiresAt.getTime() <= now().getTime())) return { consented: false, match: null };
      const person = await registry.findPerson(input.idNumber);
      await logPartnerRead(viewer, input.idNumber, 'IDENTITY_MATCH', 'identity:match', context);
      const normalize = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
      const match = !!person && person.dateOfBirth === input.dateOfBirth && normalize(person.nameEn) === normalize(input.fullNameEn);
      return { consented: true, match };
    },

    consentsOf: (idNumber: string) => store.consentsOf(idNumber),
    /** A consent counts while it is neither revoked nor past its end. */
    consentIsActive: (consent: { revokedAt: Date | null; expiresAt: Date | null }) =>
      consent.revokedAt === null && (consent.expiresAt === null || consent.expiresAt.getTime() > now().getTime()),
    findPartner: (clientId: string) => store.findPartner(clientId),

    async grantConsent(idNumber: string, clientId: string, purpose: string, days: number | null): Promise<Outcome<PartnerConsentRow, PartnerErrorCode>> {
      const partner = await store.findPartner(clientId);
      if (!partner || partner.status !== 'ACTIVE') return refuse('PARTNER_NOT_FOUND', ['partnerClientId']);
      if (!partner.scopes.includes(purpose)) return refuse('PURPOSE_NOT_OFFERED', ['purpose']);
      const at = now();
      return succeed(
        await store.grantConsent({
          personIdNumber: idNumber, partnerClientId: clientId, purpose, grantedAt: at,
          expiresAt: days ? new Date(at.getTime() + days * 86_400_000) : null,
        }),
      );
    },

    async revokeConsent(idNumber: string, consentId: number): Promise<Outcome<PartnerConsentRow, PartnerErrorCode>> {
      const revoked = await store.revokeConsent(consentId, idNumber, now());
      return revoked ? succeed(revoked) : refuse('CONSENT_NOT_FOUND', ['consentId']);
    },
  };
}

export type PartnersService = ReturnType<typeof createPartnersService>;
