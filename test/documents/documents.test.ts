// A person's documents: what `Account.documents` shows, how the status follows
// the platform's clock, the Umm al-Qura expiry date, and who may fetch one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addDocument } from '../helpers/documents.js';
import { renewals } from '../../src/modules/documents/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';

let today = new Date('2026-11-25T09:00:00Z');
let platform: TestPlatform;
let owner: SignedIn;
let stranger: SignedIn;

const DOCUMENTS = `{ me { documents { id type number issuedOn expiresOn expiresOnHijri expiresOnHijriText { ar en } status daysUntilExpiry } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Document { type number status } } }`;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
  owner = await signInAccount(platform, await registerAccount(platform, await addRegistryPerson(platform, { kind: 'RESIDENT' })));
  stranger = await signInAccount(platform, await registerAccount(platform));
});
afterAll(async () => {
  await platform.stop();
});

const documentsOf = async (person: SignedIn) => {
  const answer = await platform.gql<any>(DOCUMENTS, {}, { token: person.accessToken });
  expect(answer.errors).toBeUndefined();
  return answer.data.me.documents as Array<Record<string, any>>;
};

describe('Account.documents', () => {
  it('lists the holder\'s documents with the contract\'s fields, the Hijri date and the status of today', async () => {
    const valid = await addDocument(platform, owner.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-11-25', issuedOn: '2017-11-25', number: 'DL-TEST-1' });
    const soon = await addDocument(platform, owner.idNumber, { type: 'IQAMA', expiresOn: '2027-02-23' }); // 90 days left
    const expired = await addDocument(platform, owner.idNumber, { type: 'PASSPORT', expiresOn: '2026-11-24' });
    const lastDay = await addDocument(platform, owner.idNumber, { type: 'VEHICLE_REGISTRATION', expiresOn: '2026-11-25' });

    const documents = await documentsOf(owner);
    expect(documents.map((d) => d.id)).toEqual([valid.globalId, soon.globalId, expired.globalId, lastDay.globalId]);
    expect(documents[0]).toMatchObject({
      type: 'DRIVING_LICENSE',
      number: 'DL-TEST-1',
      issuedOn: '2017-11-25',
      expiresOn: '2027-11-25',
      status: 'VALID',
      daysUntilExpiry: 365,
    });
    expect(documents.map((d) => d.status)).toEqual(['VALID', 'EXPIRING_SOON', 'EXPIRED', 'EXPIRING_SOON']);
    expect(documents[2]!.daysUntilExpiry).toBe(-1);
    // 2026-11-25 is 15 Jumada al-Akhirah 1448 in the Umm al-Qura calendar.
    expect(documents[3]!.expiresOnHijri).toBe('1448-06-15');
    expect(documents[3]!.expiresOnHijriText.ar).toContain('١٤٤٨');
    expect(documents[3]!.expiresOnHijriText.en).toContain('1448');
    expect(documents[0]!.expiresOnHijri).toMatch(/^1449-\d{2}-\d{2}$/);
  });

  it('moves the status with the injected clock, not the wall clock', async () => {
    const account = await registerAccount(platform);
    await addDocument(platform, account.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2027-03-01' });
    // Sessions also follow the clock, so the person signs in again at each date.
    const statusAt = async (at: string) => {
      today = new Date(at);
      return (await documentsOf(await signInAccount(platform, account)))[0]!.status;
    };
    const before = today;
    try {
      expect(await statusAt('2026-11-25T09:00:00Z')).toBe('VALID'); // 96 days left
      expect(await statusAt('2026-12-02T09:00:00Z')).toBe('EXPIRING_SOON');
      expect(await statusAt('2027-03-01T20:00:00Z')).toBe('EXPIRING_SOON'); // 23:00 in Riyadh, still the last day
      expect(await statusAt('2027-03-01T21:00:00Z')).toBe('EXPIRED'); // midnight in Riyadh
    } finally {
      today = before;
    }
  });

  it('shows RENEWAL_PENDING while a renewal waits for its fee', async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    const licence = await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2026-12-01' });
    await platform.db.atomically(async (tx) => {
      await tx.insert(renewals).values({ documentId: licence.id, accountId: 1, status: 'PENDING_PAYMENT', periodMonths: 24, previousExpiresOn: licence.expiresOn, createdAt: today });
    });
    expect((await documentsOf(person))[0]!.status).toBe('RENEWAL_PENDING');
  });

  it('shows a person none of someone else\'s documents', async () => {
    expect(await documentsOf(stranger)).toEqual([]);
  });
});

describe('node(id:) for documents', () => {
  it('returns the document to its holder', async () => {
    const passport = await addDocument(platform, owner.idNumber, { type: 'PASSPORT', expiresOn: '2030-01-01' });
    const answer = await platform.gql<any>(NODE, { id: passport.globalId }, { token: owner.accessToken });
    expect(answer.data.node).toEqual({ id: passport.globalId, type: 'PASSPORT', number: passport.number, status: 'VALID' });
  });

  it('answers someone else\'s document exactly like an unknown ID', async () => {
    const passport = await addDocument(platform, owner.idNumber, { type: 'PASSPORT', expiresOn: '2030-01-01' });
    const theirs = await platform.gql<any>(NODE, { id: passport.globalId }, { token: stranger.accessToken });
    const unknown = await platform.gql<any>(NODE, { id: toGlobalId('Document', 999_999) }, { token: stranger.accessToken });
    expect(theirs).toEqual(unknown);
    expect(theirs.data.node).toBeNull();
  });

  it('does not take another type\'s ID for a document', async () => {
    const passport = await addDocument(platform, owner.idNumber, { type: 'PASSPORT', expiresOn: '2030-01-01' });
    const answer = await platform.gql<any>(NODE, { id: toGlobalId('DocumentRenewal', passport.id) }, { token: owner.accessToken });
    expect(answer.data.node).toBeNull();
  });
});
