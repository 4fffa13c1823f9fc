// Delegation (tafweed): authorize -> accept/decline -> revoke, the action log
// both parties read, and `actingAuthority`, which other modules ask before
// acting for someone else.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, type SignedIn } from '../helpers/people.js';
import { addChild, addVehicle, familyOps as ops, linkInRegistry, riyadhNoon, signedInPerson } from '../helpers/family.js';
import { first } from '../../src/db/database.js';
import { recordDelegatedAction, DelegationNotInForceError } from '../../src/modules/family/delegation-log.js';
import { delegationActions, delegations } from '../../src/modules/family/tables.js';
import { familyLinks } from '../../src/modules/registry/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { localIntIdOf } from '../../src/server/global-id.js';

const TODAY = '2026-11-25';
let platform: TestPlatform;
let today = riyadhNoon(TODAY);
let owner: SignedIn;
let driver: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => today });
  [owner, driver, stranger] = [await signedInPerson(platform), await signedInPerson(platform), await signedInPerson(platform)];
});
afterEach(() => {
  today = riyadhNoon(TODAY);
});
afterAll(() => platform.stop());

const codes = (payload: { userErrors: Array<{ code: string }> }) => payload.userErrors.map((e) => e.code);
const authority = (actor: string, subject: string, purpose: 'DEPENDENT_APPOINTMENTS' | 'VEHICLE_DRIVING') =>
  platform.services.family.actingAuthority(actor, subject, purpose);
const kindsTold = async (idNumber: string) =>
  (await platform.db.read.select().from(notifications).where(eq(notifications.personIdNumber, idNumber))).map((n) => n.kind);

async function authorize(grantor: SignedIn, input: Record<string, unknown>) {
  const answer = await platform.gql<any>(ops.AUTHORIZE, { input: { validFrom: TODAY, validUntil: '2027-05-25', ...input } }, { token: grantor.accessToken });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data.authorizeDelegation;
}

describe('vehicle driving delegation', () => {
  it('runs PENDING -> ACTIVE -> REVOKED, grants authority only while ACTIVE, and logs actions both parties read', async () => {
    const plate = await addVehicle(platform, owner.idNumber);
    expect(await authority(owner.idNumber, plate, 'VEHICLE_DRIVING')).toEqual({ kind: 'SELF', delegationId: null });

    const given = await authorize(owner, { granteeIdNumber: driver.idNumber, kind: 'VEHICLE_DRIVING', subject: plate });
    expect(given.userErrors).toEqual([]);
    expect(given.delegation).toMatchObject({ kind: 'VEHICLE_DRIVING', status: 'PENDING', subject: plate, grantor: { idNumber: owner.idNumber }, grantee: { idNumber: driver.idNumber } });
    // Authorizing an ID number does not tell the grantor whose it is until they accept.
    expect(given.delegation.grantee.name).toBeNull();
    expect(given.delegation.grantor.name).toEqual({ en: 'Mohammed Alotaibi' });
    const delegationId = given.delegation.id;
    const rowId = localIntIdOf(delegationId, 'Delegation')!;
    expect(await kindsTold(driver.idNumber)).toContain('DELEGATION_REQUESTED');
    expect(await authority(driver.idNumber, plate, 'VEHICLE_DRIVING')).toBeNull();

    const received = await platform.gql<any>(ops.DELEGATIONS, { direction: 'RECEIVED' }, { token: driver.accessToken });
    expect(received.data.me.delegations.edges.map((e: any) => e.node.id)).toEqual([delegationId]);
    expect(received.data.me.delegations.edges[0].node.grantee.name).toEqual({ en: 'Mohammed Alotaibi' });
    const givenList = await platform.gql<any>(ops.DELEGATIONS, { direction: 'GIVEN' }, { token: owner.accessToken });
    expect(givenList.data.me.delegations.totalCount).toBe(1);
    const notReceived = await platform.gql<any>(ops.DELEGATIONS, { direction: 'RECEIVED' }, { token: owner.accessToken });
    expect(notReceived.data.me.delegations.totalCount).toBe(0);

    // Only the grantee accepts.
    const byGrantor = await platform.gql<any>(ops.ACCEPT, { input: { delegationId } }, { token: owner.accessToken });
    expect(codes(byGrantor.data.acceptDelegation)).toEqual(['DELEGATION_NOT_FOUND']);
    const accepted = await platform.gql<any>(ops.ACCEPT, { input: { delegationId } }, { token: driver.accessToken });
    expect(accepted.data.acceptDelegation.delegation).toMatchObject({ status: 'ACTIVE' });
    expect(accepted.data.acceptDelegation.delegation.acceptedAt).not.toBeNull();
    const afterAccept = await platform.gql<any>(ops.DELEGATIONS, { direction: 'GIVEN' }, { token: owner.accessToken });
    expect(afterAccept.data.me.delegations.edges[0].node.grantee.name).toEqual({ en: 'Mohammed Alotaibi' });
    expect(await kindsTold(owner.idNumber)).toContain('DELEGATION_ACCEPTED');

    expect(await authority(driver.idNumber, plate, 'VEHICLE_DRIVING')).toEqual({ kind: 'DELEGATION', delegationId: rowId });
    expect(await authority(stranger.idNumber, plate, 'VEHICLE_DRIVING')).toBeNull();

    // An action under the delegation, logged in the acting module's transaction.
    await platform.db.atomically((tx) =>
      recordDelegatedAction(tx, { delegationId: rowId, actorIdNumber: driver.idNumber, actorAccountId: localIntIdOf(driver.accountId, 'Account')!, subjectIdNumber: owner.idNumber, action: 'VEHICLE_DRIVEN', subjectId: 'trip-1', at: today }),
    );
    for (const reader of [owner, driver]) {
      const read = await platform.gql<any>(ops.NODE.replace('__typename id', '__typename id ... on Delegation { actions { totalCount edges { node { action actor { idNumber } onBehalfOfIdNumber subjectId } } } }'), { id: delegationId }, { token: reader.accessToken });
      expect(read.data.node.actions).toEqual({
        totalCount: 1,
        edges: [{ node: { action: 'VEHICLE_DRIVEN', actor: { idNumber: driver.idNumber }, onBehalfOfIdNumber: owner.idNumber, subjectId: 'trip-1' } }],
      });
    }
    const peek = await platform.gql<any>(ops.NODE, { id: delegationId }, { token: stranger.accessToken });
    expect(peek.data.node).toBeNull();

    // A stranger cannot end it; the grantee can.
    const strangerRevoke = await platform.gql<any>(ops.REVOKE, { input: { delegationId } }, { token: stranger.accessToken });
    expect(codes(strangerRevoke.data.revokeDelegation)).toEqual(['DELEGATION_NOT_FOUND']);
    const revoked = await platform.gql<any>(ops.REVOKE, { input: { delegationId } }, { token: driver.accessToken });
    expect(revoked.data.revokeDelegation.delegation).toMatchObject({ status: 'REVOKED' });
    expect(await kindsTold(owner.idNumber)).toContain('DELEGATION_REVOKED');
    const twice = await platform.gql<any>(ops.REVOKE, { input: { delegationId } }, { token: owner.accessToken });
    expect(codes(twice.data.revokeDelegation)).toEqual(['DELEGATION_ALREADY_ENDED']);

    expect(await authority(driver.idNumber, plate, 'VEHICLE_DRIVING')).toBeNull();
    await expect(
      platform.db.atomically((tx) =>
        recordDelegatedAction(tx, { delegationId: rowId, actorIdNumber: driver.idNumber, actorAccountId: localIntIdOf(driver.accountId, 'Account')!, subjectIdNumber: owner.idNumber, action: 'VEHICLE_DRIVEN', at: today }),
      ),
    ).rejects.toThrow(DelegationNotInForceError);
    expect(await platform.db.read.select().from(delegationActions).where(eq(delegationActions.delegationId, rowId))).toHaveLength(1);
  });

  it('lets the grantor end an active delegation, and the grantee loses the authority at once', async () => {
    const plate = await addVehicle(platform, owner.idNumber);
    const given = await authorize(owner, { granteeIdNumber: driver.idNumber, kind: 'VEHICLE_DRIVING', subject: plate });
    const delegationId = given.delegation.id;
    await platform.gql<any>(ops.ACCEPT, { input: { delegationId } }, { token: driver.accessToken });
    expect(await authority(driver.idNumber, plate, 'VEHICLE_DRIVING')).toMatchObject({ kind: 'DELEGATION' });

    const revoked = await platform.gql<any>(ops.REVOKE, { input: { delegationId } }, { token: owner.accessToken });
    expect(revoked.data.revokeDelegation.delegation).toMatchObject({ status: 'REVOKED' });
    expect(await first(platform.db.read.select().from(delegations).where(eq(delegations.id, localIntIdOf(delegationId, 'Delegation')!)))).toMatchObject({ revokedByIdNumber: owner.idNumber });
    expect(await kindsTold(driver.idNumber)).toContain('DELEGATION_REVOKED');
    expect(await authority(driver.idNumber, plate, 'VEHICLE_DRIVING')).toBeNull();
  });

  it('refuses self, unknown grantees, vehicles not owned, bad or long periods, and a second open delegation', async () => {
    const plate = await addVehicle(platform, owner.idNumber);
    const othersPlate = await addVehicle(platform, stranger.idNumber);
    const base = { granteeIdNumber: driver.idNumber, kind: 'VEHICLE_DRIVING', subject: plate };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ granteeIdNumber: owner.idNumber }, 'GRANTEE_IS_GRANTOR'],
      [{ granteeIdNumber: '1999999990' }, 'PERSON_NOT_FOUND'],
      [{ subject: othersPlate }, 'VEHICLE_NOT_OWNED'],
      [{ subject: 'NO SUCH' }, 'VEHICLE_NOT_OWNED'],
      [{ validFrom: '2026-11-24' }, 'INVALID_PERIOD'],
      [{ validFrom: '2026-12-10', validUntil: '2026-12-01' }, 'INVALID_PERIOD'],
      [{ validFrom: '2028-01-01', validUntil: '2028-02-01' }, 'INVALID_PERIOD'],
      [{ validUntil: '2027-11-26' }, 'PERIOD_TOO_LONG'],
    ];
    for (const [change, code] of cases) {
      expect(codes(await authorize(owner, { ...base, ...change })), code).toEqual([code]);
    }
    expect(await authorize(owner, { ...base, validUntil: '2027-11-25' })).toMatchObject({ userErrors: [] });
    expect(codes(await authorize(owner, base))).toEqual(['DELEGATION_EXISTS']);
    const open = await platform.db.read.select().from(delegations).where(and(eq(delegations.grantorIdNumber, owner.idNumber), eq(delegations.subject, plate)));
    expect(open).toHaveLength(1);
  });

  it('declines, refuses to accept after a decline, and refuses to accept once expired; an open delegation past its end reads EXPIRED', async () => {
    const plate = await addVehicle(platform, owner.idNumber);
    const firstOffer = await authorize(owner, { granteeIdNumber: stranger.idNumber, kind: 'VEHICLE_DRIVING', subject: plate, validUntil: '2026-11-30' });
    const declined = await platform.gql<any>(ops.DECLINE, { input: { delegationId: firstOffer.delegation.id } }, { token: stranger.accessToken });
    expect(declined.data.declineDelegation.delegation.status).toBe('DECLINED');
    expect(await kindsTold(owner.idNumber)).toContain('DELEGATION_DECLINED');
    const late = await platform.gql<any>(ops.ACCEPT, { input: { delegationId: firstOffer.delegation.id } }, { token: stranger.accessToken });
    expect(codes(late.data.acceptDelegation)).toEqual(['DELEGATION_NOT_PENDING']);

    const second = await authorize(owner, { granteeIdNumber: stranger.idNumber, kind: 'VEHICLE_DRIVING', subject: plate, validUntil: '2026-11-30' });
    today = riyadhNoon('2026-12-01');
    const expired = await platform.gql<any>(ops.ACCEPT, { input: { delegationId: second.delegation.id } }, { token: stranger.accessToken });
    expect(codes(expired.data.acceptDelegation)).toEqual(['DELEGATION_EXPIRED']);
    const statusQuery = ops.NODE.replace('__typename id', '__typename id ... on Delegation { status }');
    const read = await platform.gql<any>(statusQuery, { id: second.delegation.id }, { token: owner.accessToken });
    expect(read.data.node.status).toBe('EXPIRED');

    // A lapsed delegation does not block a new one for the same person and car.
    const renewed = await authorize(owner, { granteeIdNumber: stranger.idNumber, kind: 'VEHICLE_DRIVING', subject: plate, validFrom: '2026-12-01', validUntil: '2026-12-31' });
    expect(renewed.userErrors).toEqual([]);
    expect(renewed.delegation.status).toBe('PENDING');
    const old = await platform.gql<any>(statusQuery, { id: second.delegation.id }, { token: owner.accessToken });
    expect(old.data.node.status).toBe('EXPIRED');
    expect(await first(platform.db.read.select().from(delegations).where(eq(delegations.id, localIntIdOf(second.delegation.id, 'Delegation')!)))).toMatchObject({ status: 'REVOKED', revokedByIdNumber: null });
  });

  it('lapses when the grantor no longer owns the vehicle', async () => {
    const plate = await addVehicle(platform, owner.idNumber);
    const given = await authorize(owner, { granteeIdNumber: driver.idNumber, kind: 'VEHICLE_DRIVING', subject: plate });
    await platform.gql<any>(ops.ACCEPT, { input: { delegationId: given.delegation.id } }, { token: driver.accessToken });
    expect((await authority(driver.idNumber, plate, 'VEHICLE_DRIVING'))?.kind).toBe('DELEGATION');
    const { registryVehicles } = await import('../../src/modules/registry/tables.js');
    await platform.db.atomically(async (tx) => {
      await tx.update(registryVehicles).set({ ownerIdNumber: stranger.idNumber }).where(eq(registryVehicles.plate, plate));
    });
    expect(await authority(driver.idNumber, plate, 'VEHICLE_DRIVING')).toBeNull();
  });
});

describe('dependent appointments delegation and actingAuthority', () => {
  it('answers SELF, GUARDIAN, DELEGATION (only within its dates) and null, and ends with the family link', async () => {
    const guardian = await signedInPerson(platform);
    const grandmother = await signedInPerson(platform);
    const child = await addChild(platform, '2020-04-01');
    const spouse = await addRegistryPerson(platform, { dateOfBirth: '1992-01-01' });
    await linkInRegistry(platform, guardian.idNumber, child.idNumber, 'CHILD');
    await linkInRegistry(platform, guardian.idNumber, spouse.idNumber, 'SPOUSE');

    expect(await authority(child.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toEqual({ kind: 'SELF', delegationId: null });
    expect(await authority(guardian.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toEqual({ kind: 'GUARDIAN', delegationId: null });
    // A spouse is a dependent, not a ward: no authority over their appointments.
    expect(await authority(guardian.idNumber, spouse.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull();
    expect(await authority(grandmother.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull();

    // Only a child the grantor is guardian of can be the subject.
    const base = { granteeIdNumber: grandmother.idNumber, kind: 'DEPENDENT_APPOINTMENTS' };
    expect(codes(await authorize(guardian, { ...base, subject: spouse.idNumber }))).toEqual(['NOT_GUARDIAN_OF_SUBJECT']);
    expect(codes(await authorize(stranger, { ...base, subject: child.idNumber }))).toEqual(['NOT_GUARDIAN_OF_SUBJECT']);
    expect(codes(await authorize(guardian, { ...base, granteeIdNumber: child.idNumber, subject: child.idNumber }))).toEqual(['SUBJECT_IS_GRANTEE']);

    const given = await authorize(guardian, { ...base, subject: child.idNumber, validFrom: '2026-12-01', validUntil: '2026-12-31' });
    expect(given.userErrors).toEqual([]);
    const rowId = localIntIdOf(given.delegation.id, 'Delegation')!;
    await platform.gql<any>(ops.ACCEPT, { input: { delegationId: given.delegation.id } }, { token: grandmother.accessToken });
    expect(await authority(grandmother.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull(); // not yet in force
    today = riyadhNoon('2026-12-01');
    expect(await authority(grandmother.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toEqual({ kind: 'DELEGATION', delegationId: rowId });
    const row = await platform.db.atomically((tx) =>
      recordDelegatedAction(tx, { delegationId: rowId, actorIdNumber: grandmother.idNumber, actorAccountId: localIntIdOf(grandmother.accountId, 'Account')!, subjectIdNumber: child.idNumber, action: 'APPOINTMENT_BOOKED', at: today }),
    );
    expect(row).toMatchObject({ onBehalfOfIdNumber: child.idNumber, action: 'APPOINTMENT_BOOKED' });
    // The log refuses an action for another person than the delegation covers.
    await expect(
      platform.db.atomically((tx) =>
        recordDelegatedAction(tx, { delegationId: rowId, actorIdNumber: grandmother.idNumber, actorAccountId: localIntIdOf(grandmother.accountId, 'Account')!, subjectIdNumber: spouse.idNumber, action: 'APPOINTMENT_BOOKED', at: today }),
      ),
    ).rejects.toThrow(DelegationNotInForceError);
    today = riyadhNoon('2027-01-01');
    expect(await authority(grandmother.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull(); // past its last day

    // Access through a family link ends when the link ends, delegation or not.
    today = riyadhNoon('2026-12-15');
    await platform.db.atomically(async (tx) => {
      await tx.delete(familyLinks).where(and(eq(familyLinks.guardianIdNumber, guardian.idNumber), eq(familyLinks.dependentIdNumber, child.idNumber)));
    });
    expect(await authority(guardian.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull();
    expect(await authority(grandmother.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull();
  });

  it('revokes the delegations about a dependent when the guardian removes them', async () => {
    const guardian = await signedInPerson(platform);
    const aunt = await signedInPerson(platform);
    const child = await addChild(platform, '2026-11-20', 'CITIZEN', [guardian.idNumber]);
    const registered = await platform.gql<any>(ops.REGISTER_NEWBORN, { input: { idNumber: child.idNumber } }, { token: guardian.accessToken });
    const given = await authorize(guardian, { granteeIdNumber: aunt.idNumber, kind: 'DEPENDENT_APPOINTMENTS', subject: child.idNumber });
    await platform.gql<any>(ops.ACCEPT, { input: { delegationId: given.delegation.id } }, { token: aunt.accessToken });
    expect((await authority(aunt.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS'))?.kind).toBe('DELEGATION');

    await platform.gql<any>(ops.REMOVE_DEPENDENT, { input: { dependentId: registered.data.registerNewborn.dependent.id } }, { token: guardian.accessToken });
    const row = await first(platform.db.read.select().from(delegations).where(eq(delegations.id, localIntIdOf(given.delegation.id, 'Delegation')!)));
    expect(row).toMatchObject({ status: 'REVOKED', revokedByIdNumber: guardian.idNumber });
    expect(await authority(aunt.idNumber, child.idNumber, 'DEPENDENT_APPOINTMENTS')).toBeNull();
  });
});
