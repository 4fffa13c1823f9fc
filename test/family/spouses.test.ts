// Spouses: addSpouse sends a request the invited person accepts or declines;
// only acceptance makes the family link, and until then the requester learns
// nothing of the invitee beyond the ID number they typed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { billsOf, familyOps as ops, linkInRegistry, registryLinks, riyadhNoon, signedInPerson } from '../helpers/family.js';
import { spouseRequests } from '../../src/modules/family/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { localIntIdOf } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

let platform: TestPlatform;
const TODAY = '2026-11-25';
let today = riyadhNoon(TODAY);

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
});
beforeEach(() => {
  today = riyadhNoon(TODAY);
});
afterAll(() => platform.stop());

const codes = (payload: { userErrors: Array<{ code: string }> }) => payload.userErrors.map((e) => e.code);
const signedInWoman = async (kind: 'CITIZEN' | 'RESIDENT' = 'CITIZEN', dateOfBirth = '1995-03-01') =>
  signInAccount(platform, await registerAccount(platform, await addRegistryPerson(platform, { kind, gender: 'F', dateOfBirth, nameEn: 'Huda', nameAr: 'هدى' })));
const kindsToldTo = async (idNumber: string) =>
  (await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, idNumber))).map((n) => n.kind);
const requestRow = (id: number) => first(platform.db.read.select().from(spouseRequests).where(eq(spouseRequests.id, id)));
const rowIdOf = (globalId: string) => localIntIdOf(globalId, 'SpouseRequest') ?? 0;

async function ask(requester: SignedIn, idNumber: string) {
  return (await platform.gql<any>(ops.ADD_SPOUSE, { input: { idNumber } }, { token: requester.accessToken })).data.addSpouse;
}
async function answer(op: string, field: string, who: SignedIn, spouseRequestId: string) {
  return (await platform.gql<any>(op, { input: { spouseRequestId } }, { token: who.accessToken })).data[field];
}
const accept = (who: SignedIn, id: string) => answer(ops.ACCEPT_SPOUSE, 'acceptSpouseRequest', who, id);
const decline = (who: SignedIn, id: string) => answer(ops.DECLINE_SPOUSE, 'declineSpouseRequest', who, id);
const cancel = (who: SignedIn, id: string) => answer(ops.CANCEL_SPOUSE, 'cancelSpouseRequest', who, id);
async function listed(who: SignedIn, direction: 'SENT' | 'RECEIVED') {
  return (await platform.gql<any>(ops.SPOUSE_REQUESTS, { direction }, { token: who.accessToken })).data.me.spouseRequests;
}

describe('addSpouse and acceptSpouseRequest', () => {
  it('sends a request that links nobody and names nobody; the invitee accepts and only then joins the family record', async () => {
    const husband = await signedInPerson(platform);
    const wife = await signedInWoman();
    const stranger = await signedInPerson(platform);

    const sent = await ask(husband, wife.idNumber);
    expect(sent.userErrors).toEqual([]);
    expect(sent.dependent).toBeNull();
    expect(sent.spouseRequest).toMatchObject({
      status: 'PENDING',
      answeredAt: null,
      requester: { idNumber: husband.idNumber },
      invitee: { idNumber: wife.idNumber, name: null },
    });
    expect(new Date(sent.spouseRequest.expiresAt).getTime() - today.getTime()).toBe(14 * 24 * 60 * 60 * 1000);
    const requestId: string = sent.spouseRequest.id;
    expect(JSON.stringify(sent)).not.toContain('Huda');
    expect(await registryLinks(platform, husband.idNumber)).toEqual([]);
    expect(await requestRow(rowIdOf(requestId))).toMatchObject({ requesterIdNumber: husband.idNumber, inviteeIdNumber: wife.idNumber, status: 'PENDING' });
    expect(await kindsToldTo(wife.idNumber)).toContain('FAMILY_SPOUSE_REQUESTED');
    expect(await kindsToldTo(husband.idNumber)).toContain('FAMILY_SPOUSE_REQUEST_SENT');

    // Each side sees it from where they stand; only the invitee sees her own name.
    const mine = await listed(husband, 'SENT');
    expect(mine.totalCount).toBe(1);
    expect(mine.edges[0].node).toMatchObject({ id: requestId, invitee: { name: null } });
    expect((await listed(husband, 'RECEIVED')).totalCount).toBe(0);
    const hers = await listed(wife, 'RECEIVED');
    expect(hers.edges[0].node).toMatchObject({ id: requestId, status: 'PENDING', invitee: { name: { en: 'Huda' } }, requester: { idNumber: husband.idNumber } });
    expect(hers.edges[0].node.requester.name).not.toBeNull();

    // One pending request per pair, whichever of the two asks.
    expect(codes(await ask(husband, wife.idNumber))).toEqual(['SPOUSE_REQUEST_EXISTS']);
    expect(codes(await ask(wife, husband.idNumber))).toEqual(['SPOUSE_REQUEST_EXISTS']);

    // Nobody but the invitee can accept it; the requester neither.
    expect(codes(await accept(stranger, requestId))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']);
    expect(codes(await accept(husband, requestId))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']);
    expect(codes(await decline(stranger, requestId))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']);
    expect(codes(await cancel(stranger, requestId))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']);
    expect(codes(await accept(wife, 'RGVsZWdhdGlvbjox'))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']); // a Delegation's ID
    expect((await requestRow(rowIdOf(requestId)))?.status).toBe('PENDING');

    // node(id:): the two parties, nobody else.
    for (const party of [husband, wife]) {
      expect((await platform.gql<any>(ops.NODE, { id: requestId }, { token: party.accessToken })).data.node).toEqual({ __typename: 'SpouseRequest', id: requestId });
    }
    expect((await platform.gql<any>(ops.NODE, { id: requestId }, { token: stranger.accessToken })).data.node).toBeNull();

    const accepted = await accept(wife, requestId);
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.spouseRequest).toMatchObject({ status: 'ACCEPTED' });
    expect(accepted.spouseRequest.answeredAt).not.toBeNull();
    expect(await registryLinks(platform, husband.idNumber)).toEqual([{ guardianIdNumber: husband.idNumber, dependentIdNumber: wife.idNumber, relationship: 'SPOUSE' }]);
    expect((await requestRow(rowIdOf(requestId)))?.status).toBe('ACCEPTED');
    expect(await kindsToldTo(husband.idNumber)).toContain('FAMILY_SPOUSE_ADDED');
    expect(await kindsToldTo(wife.idNumber)).toContain('FAMILY_SPOUSE_REQUEST_ACCEPTED');
    expect(await billsOf(platform, husband.idNumber)).toEqual([]); // a citizen pays no dependent fee

    // Now she is his dependent and he may see her name.
    expect((await listed(husband, 'SENT')).edges[0].node.invitee.name).toEqual({ ar: 'هدى', en: 'Huda' });
    const dependents = (await platform.gql<any>(ops.DEPENDENTS, {}, { token: husband.accessToken })).data.me.dependents;
    expect(dependents).toMatchObject([{ relationship: 'SPOUSE', person: { idNumber: wife.idNumber, name: { en: 'Huda' } } }]);

    // Answered once and for all.
    expect(codes(await accept(wife, requestId))).toEqual(['SPOUSE_REQUEST_NOT_PENDING']);
    expect(codes(await decline(wife, requestId))).toEqual(['SPOUSE_REQUEST_NOT_PENDING']);
    expect(codes(await cancel(husband, requestId))).toEqual(['SPOUSE_REQUEST_NOT_PENDING']);
    expect(codes(await ask(husband, wife.idNumber))).toEqual(['ALREADY_LINKED']);
    expect(codes(await ask(wife, husband.idNumber))).toEqual(['ALREADY_LINKED']);
  });

  it('bills a resident requester the dependent fee on acceptance, not on the request', async () => {
    const resident = await signedInPerson(platform, 'RESIDENT');
    const wife = await signedInWoman('RESIDENT');
    const sent = await ask(resident, wife.idNumber);
    expect(sent.userErrors).toEqual([]);
    expect(await billsOf(platform, resident.idNumber)).toEqual([]);
    expect((await accept(wife, sent.spouseRequest.id)).userErrors).toEqual([]);
    const fees = await billsOf(platform, resident.idNumber, 'DEPENDENT_FEE');
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ amountHalalas: 40000, subjectId: `${resident.idNumber}:${wife.idNumber}:2026-11` });
    expect(await billsOf(platform, wife.idNumber)).toEqual([]);
  });

  it('answers a request to an ineligible person exactly as to an eligible one, and refuses only the invitee’s acceptance', async () => {
    const requester = await signedInPerson(platform);
    const eligible = await signedInWoman();
    const sameGender = await signedInPerson(platform);
    const married = await signedInWoman();
    const otherHusband = await signedInPerson(platform);
    await linkInRegistry(platform, otherHusband.idNumber, married.idNumber, 'SPOUSE');
    const shape = (payload: any) => JSON.stringify(payload).replaceAll(payload.spouseRequest.id, '<id>').replaceAll(payload.spouseRequest.invitee.idNumber, '<person>');

    const toEligible = await ask(requester, eligible.idNumber);
    const toSameGender = await ask(requester, sameGender.idNumber);
    const toMarried = await ask(requester, married.idNumber);
    expect(shape(toSameGender)).toEqual(shape(toEligible));
    expect(shape(toMarried)).toEqual(shape(toEligible));

    expect(codes(await accept(sameGender, toSameGender.spouseRequest.id))).toEqual(['SPOUSE_GENDER_INVALID']);
    expect(codes(await accept(married, toMarried.spouseRequest.id))).toEqual(['ALREADY_A_DEPENDENT']);
    expect(await registryLinks(platform, requester.idNumber)).toEqual([]);
    expect((await requestRow(rowIdOf(toMarried.spouseRequest.id)))?.status).toBe('PENDING');
  });

  it('refuses oneself, an unknown ID, and a requester under 18', async () => {
    const person = await signedInPerson(platform);
    expect(codes(await ask(person, person.idNumber))).toEqual(['CANNOT_LINK_SELF']);
    expect(codes(await ask(person, '1999999990'))).toEqual(['PERSON_NOT_FOUND']);
    const minor = await signedInPerson(platform, 'CITIZEN', { dateOfBirth: '2010-05-05' });
    const woman = await addRegistryPerson(platform, { gender: 'F', dateOfBirth: '1995-01-01' });
    expect(codes(await ask(minor, woman.idNumber))).toEqual(['GUARDIAN_NOT_ADULT']);
    expect(await platform.db.read.select().from(spouseRequests).where(eq(spouseRequests.requesterIdNumber, person.idNumber))).toEqual([]);
    expect(await platform.db.read.select().from(spouseRequests).where(eq(spouseRequests.requesterIdNumber, minor.idNumber))).toEqual([]);
  });
});

describe('declineSpouseRequest and cancelSpouseRequest', () => {
  it('lets the invitee decline, telling the requester without her name; the requester may ask her again only after 30 days', async () => {
    const husband = await signedInPerson(platform);
    const wife = await signedInWoman();
    const sent = await ask(husband, wife.idNumber);
    expect(codes(await decline(husband, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']);
    const declined = await decline(wife, sent.spouseRequest.id);
    expect(declined.userErrors).toEqual([]);
    expect(declined.spouseRequest).toMatchObject({ status: 'DECLINED', invitee: { name: { en: 'Huda' } } });
    expect((await listed(husband, 'SENT')).edges[0].node).toMatchObject({ status: 'DECLINED', invitee: { name: null } });
    const told = await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, husband.idNumber));
    const notice = told.find((n) => n.kind === 'FAMILY_SPOUSE_REQUEST_DECLINED');
    expect(notice).toBeDefined();
    expect(`${notice?.bodyAr} ${notice?.bodyEn}`).not.toMatch(/Huda|هدى/);
    expect(await registryLinks(platform, husband.idNumber)).toEqual([]);
    expect(codes(await accept(wife, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_NOT_PENDING']);

    const tooSoon = await ask(husband, wife.idNumber);
    expect(tooSoon.userErrors).toEqual([expect.objectContaining({ code: 'SPOUSE_REQUEST_DECLINED_RECENTLY', field: ['input', 'idNumber'] })]);
    expect(tooSoon.spouseRequest).toBeNull();
    // The decline moved into the past (rather than the clock forward, which
    // would outlive the session): 29 days ago is still too soon, 30 is not.
    const declinedDaysAgo = (days: number) =>
      platform.db.atomically(async (tx) => {
        await tx.update(spouseRequests).set({ answeredAt: new Date(today.getTime() - days * 24 * 60 * 60 * 1000) }).where(eq(spouseRequests.id, rowIdOf(sent.spouseRequest.id)));
      });
    await declinedDaysAgo(29);
    expect(codes(await ask(husband, wife.idNumber))).toEqual(['SPOUSE_REQUEST_DECLINED_RECENTLY']);
    expect(await platform.db.read.select().from(spouseRequests).where(eq(spouseRequests.requesterIdNumber, husband.idNumber))).toHaveLength(1);
    // Her declining does not keep her from asking him.
    const hers = await ask(wife, husband.idNumber);
    expect(hers.userErrors).toEqual([]);
    expect((await cancel(wife, hers.spouseRequest.id)).userErrors).toEqual([]);
    await declinedDaysAgo(30);
    expect((await ask(husband, wife.idNumber)).userErrors).toEqual([]);
  });

  it('lets only the requester withdraw a pending request; it cannot be accepted after', async () => {
    const husband = await signedInPerson(platform);
    const wife = await signedInWoman();
    const sent = await ask(husband, wife.idNumber);
    expect(codes(await cancel(wife, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_NOT_FOUND']);
    const cancelled = await cancel(husband, sent.spouseRequest.id);
    expect(cancelled.userErrors).toEqual([]);
    expect(cancelled.spouseRequest).toMatchObject({ status: 'CANCELLED' });
    expect(await kindsToldTo(wife.idNumber)).toContain('FAMILY_SPOUSE_REQUEST_CANCELLED');
    expect(codes(await accept(wife, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_NOT_PENDING']);
    expect(codes(await cancel(husband, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_NOT_PENDING']);
    expect(await registryLinks(platform, husband.idNumber)).toEqual([]);
    expect((await requestRow(rowIdOf(sent.spouseRequest.id)))?.status).toBe('CANCELLED');
  });
});

describe('limits on asking', () => {
  it('lets a person send five requests a day, whatever became of them, then refuses until a day has passed', async () => {
    const requester = await signedInPerson(platform);
    const invitees = await Promise.all(Array.from({ length: 7 }, () => signedInWoman()));
    for (const invitee of invitees.slice(0, 5)) {
      const sent = await ask(requester, invitee.idNumber);
      expect(sent.userErrors).toEqual([]);
      // Withdrawn at once: sending and cancelling does not reset the count.
      expect((await cancel(requester, sent.spouseRequest.id)).userErrors).toEqual([]);
    }
    const sixth = await ask(requester, invitees[5]!.idNumber);
    expect(sixth).toMatchObject({ spouseRequest: null, userErrors: [{ code: 'SPOUSE_REQUEST_LIMIT_REACHED', field: null }] });
    expect(await kindsToldTo(invitees[5]!.idNumber)).not.toContain('FAMILY_SPOUSE_REQUESTED');
    const english = await platform.gql<any>(ops.ADD_SPOUSE, { input: { idNumber: invitees[5]!.idNumber } }, { token: requester.accessToken });
    expect(english.data.addSpouse.userErrors[0].message).toMatch(/tomorrow/);

    today = new Date(riyadhNoon(TODAY).getTime() + 24 * 60 * 60 * 1000);
    expect((await ask(requester, invitees[6]!.idNumber)).userErrors).toEqual([]);
  });
});

describe('expiry', () => {
  it('lapses after 14 days: it reads EXPIRED, cannot be answered, and a new request may replace it', async () => {
    const husband = await signedInPerson(platform);
    const wife = await signedInWoman();
    const sent = await ask(husband, wife.idNumber);

    today = riyadhNoon('2026-12-08'); // 13 days on: still open
    expect((await listed(wife, 'RECEIVED')).edges[0].node.status).toBe('PENDING');
    today = riyadhNoon('2026-12-09'); // 14 days on
    expect((await listed(wife, 'RECEIVED')).edges[0].node.status).toBe('EXPIRED');
    expect(codes(await accept(wife, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_EXPIRED']);
    expect(codes(await decline(wife, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_EXPIRED']);
    expect(codes(await cancel(husband, sent.spouseRequest.id))).toEqual(['SPOUSE_REQUEST_EXPIRED']);
    expect(await registryLinks(platform, husband.idNumber)).toEqual([]);

    const again = await ask(husband, wife.idNumber);
    expect(again.userErrors).toEqual([]);
    expect((await requestRow(rowIdOf(sent.spouseRequest.id)))?.status).toBe('EXPIRED');
    expect((await accept(wife, again.spouseRequest.id)).userErrors).toEqual([]);
    expect(await registryLinks(platform, husband.idNumber)).toHaveLength(1);
  });
});
