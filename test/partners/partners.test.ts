import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount } from '../helpers/people.js';
import { registryDocuments } from '../../src/modules/registry/tables.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { buildManifest, MANIFEST_FILE, serializeManifest } from '../../src/server/persisted-operations.js';
import { partners } from '../../src/modules/partners/tables.js';
import type { SqliteDatabase } from '../../src/db/sqlite.js';
import { authorizationServerMetadata } from '../../src/server/oauth.js';

let platform: TestPlatform;
const manifest = buildManifest();
const hashOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

async function newPartner(scopes: string[], requestsPerMinute?: number) {
  return platform.services.partners.create({ name: `Bank ${Math.random().toString(36).slice(2, 8)}`, scopes, requestsPerMinute });
}

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function partnerToken(partner: { clientId: string; clientSecret: string }) {
  const { body } = await tokenRequest({ grant_type: 'client_credentials', client_id: partner.clientId, client_secret: partner.clientSecret });
  return body.access_token as string;
}

async function persisted(token: string, sha256Hash: string, variables: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${platform.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } }, variables, ...extra }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: any[] } };
}

async function personWithLicence() {
  const person = await addRegistryPerson(platform);
  const number = `DL-${person.idNumber}`;
  await platform.db.atomically(async (tx) => {
    await tx.insert(registryDocuments).values({ personIdNumber: person.idNumber, type: 'DRIVING_LICENSE', number, issuedOn: '2022-01-01', expiresOn: '2099-01-01' });
  });
  return { ...person, documentNumber: number };
}

const accessRows = async (idNumber: string) => platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, idNumber));

describe('GET /.well-known/oauth-authorization-server (RFC 8414)', () => {
  it('describes the token endpoint, how clients authenticate, the keys and the scopes, under our issuer', async () => {
    const response = await fetch(`${platform.url}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      issuer: 'https://api.absher.local',
      token_endpoint: 'https://api.absher.local/oauth/token',
      jwks_uri: 'https://api.absher.local/.well-known/jwks.json',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['documents:verify', 'identity:match'],
      response_types_supported: [],
    });
  });

  it('tells the truth: the endpoints it names answer here, and the issuer is the tokens\' iss', async () => {
    const metadata = (await (await fetch(`${platform.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, any>;
    const here = (url: string) => `${platform.url}${new URL(url).pathname}`;
    const partner = await newPartner(metadata.scopes_supported);
    const token = await fetch(here(metadata.token_endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${partner.clientId}:${partner.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const issued = (await token.json()) as { access_token: string; scope: string };
    expect(issued.scope.split(' ').sort()).toEqual([...metadata.scopes_supported].sort());
    const claims = JSON.parse(Buffer.from(issued.access_token.split('.')[1]!, 'base64url').toString()) as { iss: string };
    expect(claims.iss).toBe(metadata.issuer);
    const jwks = (await (await fetch(here(metadata.jwks_uri))).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
  });

  it('follows a configured issuer, path included', () => {
    expect(authorizationServerMetadata('https://gw.example.sa/absher')).toMatchObject({
      issuer: 'https://gw.example.sa/absher',
      token_endpoint: 'https://gw.example.sa/absher/oauth/token',
      jwks_uri: 'https://gw.example.sa/absher/.well-known/jwks.json',
    });
  });
});

describe('POST /oauth/token (client credentials)', () => {
  it('issues a scoped bearer token for good credentials, in the body or by HTTP Basic', async () => {
    const partner = await newPartner(['documents:verify']);
    const form = await tokenRequest({ grant_type: 'client_credentials', client_id: partner.clientId, client_secret: partner.clientSecret });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'documents:verify' });
    const basic = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from(`${partner.clientId}:${partner.clientSecret}`).toString('base64')}` });
    expect(basic.status).toBe(200);
  });

  it('refuses a wrong secret, an unknown client and a wrong grant type', async () => {
    const partner = await newPartner(['documents:verify']);
    expect(await tokenRequest({ grant_type: 'client_credentials', client_id: partner.clientId, client_secret: 'wrong' })).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenRequest({ grant_type: 'client_credentials', client_id: 'pc_nobody', client_secret: partner.clientSecret })).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect((await tokenRequest({ grant_type: 'password', client_id: partner.clientId, client_secret: partner.clientSecret })).body.error).toBe('unsupported_grant_type');
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: partner.clientId, client_secret: partner.clientSecret, scope: 'identity:match' })).body.error).toBe('invalid_scope');
  });

  it('stores only a hash of the secret', async () => {
    const partner = await newPartner(['documents:verify']);
    expect(JSON.stringify(await platform.db.read.select().from(partners).where(eq(partners.clientId, partner.clientId)))).not.toContain(partner.clientSecret);
    if (platform.db.dialect === 'sqlite') {
      // Nor anywhere in the file or its write-ahead log.
      const file = (platform.db as SqliteDatabase).writer.$client.name;
      const raw = fs.readFileSync(file);
      const wal = fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0);
      expect(raw.includes(partner.clientSecret)).toBe(false);
      expect(wal.includes(partner.clientSecret)).toBe(false);
    }
  });
});

describe('persisted operations for partners', () => {
  it('runs VerifyDocument by hash and answers only valid, type and expiry', async () => {
    const token = await partnerToken(await newPartner(['documents:verify']));
    const person = await personWithLicence();
    const answer = await persisted(token, hashOf('VerifyDocument'), { idNumber: person.idNumber, documentNumber: person.documentNumber });
    expect(answer.body).toEqual({ data: { verifyDocument: { valid: true, type: 'DRIVING_LICENSE', expiresOn: '2099-01-01' } }, extensions: { cost: expect.any(Object) } });
    const log = await accessRows(person.idNumber);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ accessorKind: 'PARTNER', dataCategory: 'DOCUMENT_VERIFICATION' });
  });

  it('answers valid false and nulls when the pair does not match, and logs nothing', async () => {
    const token = await partnerToken(await newPartner(['documents:verify']));
    const person = await personWithLicence();
    const other = await personWithLicence();
    const answer = await persisted(token, hashOf('VerifyDocument'), { idNumber: person.idNumber, documentNumber: other.documentNumber });
    expect(answer.body.data.verifyDocument).toEqual({ valid: false, type: null, expiresOn: null });
    expect(await accessRows(person.idNumber)).toHaveLength(0);
  });

  it('refuses query text, an unknown hash and a hash sent with other text, running nothing', async () => {
    const token = await partnerToken(await newPartner(['documents:verify']));
    const person = await personWithLicence();
    const variables = { idNumber: person.idNumber, documentNumber: person.documentNumber };
    const body = manifest.operations.find((o) => o.name === 'VerifyDocument')!.body;

    const text = await platform.gql<any>(body, variables, { token });
    expect(text.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
    const unknown = await persisted(token, 'f'.repeat(64), variables);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const mismatched = await persisted(token, hashOf('VerifyDocument'), variables, { query: '{ apiInfo { version } }' });
    expect(mismatched.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
    expect(mismatched.body.data).toBeUndefined();
    expect(await accessRows(person.idNumber)).toHaveLength(0);
  });

  it('refuses a listed operation whose scope the token lacks (FORBIDDEN)', async () => {
    const token = await partnerToken(await newPartner(['identity:match']));
    const person = await personWithLicence();
    const answer = await persisted(token, hashOf('VerifyDocument'), { idNumber: person.idNumber, documentNumber: person.documentNumber });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await accessRows(person.idNumber)).toHaveLength(0);
  });

  it('does not let a signed-in person call partner fields', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const answer = await platform.gql<any>(`{ verifyDocument(idNumber: "1000000008", documentNumber: "X") { valid } }`, {}, { token: session.accessToken });
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stops a disabled partner at once, and a rotated secret ends the old tokens', async () => {
    const disabled = await newPartner(['documents:verify']);
    const token = await partnerToken(disabled);
    const person = await personWithLicence();
    await platform.services.partners.disable(disabled.clientId);
    const refused = await persisted(token, hashOf('VerifyDocument'), { idNumber: person.idNumber, documentNumber: person.documentNumber });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: disabled.clientId, client_secret: disabled.clientSecret })).status).toBe(401);

    const rotated = await newPartner(['documents:verify']);
    const before = await partnerToken(rotated);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // token times have one-second resolution
    const { clientSecret } = await platform.services.partners.rotateSecret(rotated.clientId);
    expect((await persisted(before, hashOf('VerifyDocument'), { idNumber: person.idNumber, documentNumber: person.documentNumber })).status).toBe(401);
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: rotated.clientId, client_secret: rotated.clientSecret })).status).toBe(401);
    const after = await partnerToken({ clientId: rotated.clientId, clientSecret });
    expect((await persisted(after, hashOf('VerifyDocument'), { idNumber: person.idNumber, documentNumber: person.documentNumber })).body.data.verifyDocument.valid).toBe(true);
  });

  it('enforces the per-minute quota with RATE_LIMITED and a retry hint', async () => {
    const token = await partnerToken(await newPartner(['documents:verify'], 3));
    const person = await personWithLicence();
    const variables = { idNumber: person.idNumber, documentNumber: person.documentNumber };
    for (let i = 0; i < 3; i++) expect((await persisted(token, hashOf('VerifyDocument'), variables)).status).toBe(200);
    const limited = await persisted(token, hashOf('VerifyDocument'), variables);
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await accessRows(person.idNumber)).toHaveLength(3);
  });
});

describe('identity match with consent', () => {
  const GRANT = `mutation($input: GrantPartnerConsentInput!) { grantPartnerConsent(input: $input) { consent { id active purpose partner { name } } userErrors { code } } }`;
  const REVOKE = `mutation($input: RevokePartnerConsentInput!) { revokePartnerConsent(input: $input) { consent { active } userErrors { code } } }`;

  it('answers nothing without consent, yes/no with it, and nothing again once withdrawn', async () => {
    const partner = await newPartner(['identity:match']);
    const token = await partnerToken(partner);
    const account = await registerAccount(platform);
    const session = await signInAccount(platform, account);
    const ask = (fullNameEn: string, dateOfBirth = account.dateOfBirth) =>
      persisted(token, hashOf('MatchIdentity'), { idNumber: account.idNumber, fullNameEn, dateOfBirth }).then((a) => a.body.data.matchIdentity);

    expect(await ask('Mohammed Alotaibi')).toEqual({ consented: false, match: null });
    expect(await accessRows(account.idNumber)).toHaveLength(0);

    const granted = await platform.gql<any>(GRANT, { input: { partnerClientId: partner.clientId, purpose: 'identity:match' } }, { token: session.accessToken });
    expect(granted.data.grantPartnerConsent.consent).toMatchObject({ active: true, purpose: 'identity:match' });
    expect(await ask('  mohammed   ALOTAIBI ')).toEqual({ consented: true, match: true });
    expect(await ask('Someone Else')).toEqual({ consented: true, match: false });
    expect(await ask('Mohammed Alotaibi', '1990-02-01')).toEqual({ consented: true, match: false });
    expect(await accessRows(account.idNumber)).toHaveLength(3);
    // The person reads those calls in their own access log, naming the partner.
    const log = await platform.gql<any>(`{ me { accessLog(first: 10) { totalCount edges { node { accessorKind accessorName purpose } } } } }`, {}, { token: session.accessToken });
    expect(log.data.me.accessLog.totalCount).toBe(3);
    expect(log.data.me.accessLog.edges.map((e: any) => e.node.accessorKind)).toEqual(['PARTNER', 'PARTNER', 'PARTNER']);
    expect(log.data.me.accessLog.edges[0].node.accessorName).toMatch(/^Bank /);

    const consents = await platform.gql<any>(`{ me { partnerConsents { id active } } }`, {}, { token: session.accessToken });
    const consentId = consents.data.me.partnerConsents[0].id;
    const revoked = await platform.gql<any>(REVOKE, { input: { consentId } }, { token: session.accessToken });
    expect(revoked.data.revokePartnerConsent.consent.active).toBe(false);
    expect(await ask('Mohammed Alotaibi')).toEqual({ consented: false, match: null });
  });

  it("refuses a consent for a service the partner does not offer, and someone else's consent", async () => {
    const partner = await newPartner(['documents:verify']);
    const owner = await signInAccount(platform, await registerAccount(platform));
    const stranger = await signInAccount(platform, await registerAccount(platform));
    const wrongPurpose = await platform.gql<any>(GRANT, { input: { partnerClientId: partner.clientId, purpose: 'identity:match' } }, { token: owner.accessToken });
    expect(wrongPurpose.data.grantPartnerConsent.userErrors[0].code).toBe('PURPOSE_NOT_OFFERED');
    const unknownPartner = await platform.gql<any>(GRANT, { input: { partnerClientId: 'pc_none', purpose: 'identity:match' } }, { token: owner.accessToken });
    expect(unknownPartner.data.grantPartnerConsent.userErrors[0].code).toBe('PARTNER_NOT_FOUND');
    const matcher = await newPartner(['identity:match']);
    const granted = await platform.gql<any>(GRANT, { input: { partnerClientId: matcher.clientId, purpose: 'identity:match' } }, { token: owner.accessToken });
    const theft = await platform.gql<any>(REVOKE, { input: { consentId: granted.data.grantPartnerConsent.consent.id } }, { token: stranger.accessToken });
    expect(theft.data.revokePartnerConsent.userErrors[0].code).toBe('CONSENT_NOT_FOUND');
  });
});

describe('the manifest', () => {
  it('is up to date with the operation documents, and every id is the SHA-256 of its body', () => {
    expect(fs.readFileSync(MANIFEST_FILE, 'utf8')).toBe(serializeManifest(buildManifest()));
    expect(manifest.operations.map((o) => o.name)).toContain('VerifyDocument');
  });
});
