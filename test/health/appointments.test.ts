// Appointments through GraphQL over HTTP: booking under concurrency, one
// appointment at a time, ownership (BOLA), rescheduling, dependents and
// reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { and, eq } from 'drizzle-orm';
import { appointments } from '../../src/modules/health/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { delegationActions, delegations } from '../../src/modules/family/tables.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { facilityWithSlots, gid, healthOps as ops, linkChild } from '../helpers/health.js';
import { first } from '../../src/db/database.js';

const HOUR_MS = 60 * 60 * 1000;
let platform: TestPlatform;
let shiftMs = 0;
let alice: SignedIn;
let bob: SignedIn;
let others: SignedIn[];
let childIdNumber: string;

beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => new Date(Date.now() + shiftMs) });
  [alice, bob, ...others] = await Promise.all(
    Array.from({ length: 6 }, async () => signInAccount(platform, await registerAccount(platform))),
  ) as [SignedIn, SignedIn, ...SignedIn[]];
  childIdNumber = (await addRegistryPerson(platform, { dateOfBirth: '2018-05-01', nameEn: 'Sara Alotaibi' })).idNumber;
  await linkChild(platform, alice.idNumber, childIdNumber);
});

afterAll(async () => {
  await platform.stop();
});

const bookedRows = async (slotId: number) =>
  platform.db.read.select().from(appointments).where(and(eq(appointments.slotId, slotId), eq(appointments.status, 'BOOKED')));

async function book(who: SignedIn, slotId: string, forIdNumber?: string) {
  const answer = await platform.gql<any>(ops.BOOK, { input: { slotId, ...(forIdNumber ? { forIdNumber } : {}) } }, { token: who.accessToken });
  expect(answer.errors).toBeUndefined();
  return answer.data.bookAppointment;
}

describe('facilities and slots', () => {
  it('lists facilities to anyone, by city', async () => {
    const { facilityGid } = await facilityWithSlots(platform, [5], new Date(), 'Abha');
    const answer = await platform.gql<any>(ops.FACILITIES, { city: 'Abha' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.healthFacilities.map((f: any) => f.id)).toContain(facilityGid);
    expect(answer.data.healthFacilities.every((f: any) => f.city === 'Abha')).toBe(true);
  });

  it('shows slots to signed-in people only, with their availability', async () => {
    const { facilityGid, slotGids } = await facilityWithSlots(platform, [3, 4]);
    const anonymous = await platform.gql<any>(ops.SLOTS, { facilityId: facilityGid });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await book(alice, slotGids[0]!);
    const answer = await platform.gql<any>(ops.SLOTS, { facilityId: facilityGid }, { token: bob.accessToken });
    expect(answer.data.appointmentSlots).toEqual([
      expect.objectContaining({ id: slotGids[0], available: false }),
      expect.objectContaining({ id: slotGids[1], available: true }),
    ]);
  });

  it('refuses a day range that runs backwards or is too long', async () => {
    const { facilityGid } = await facilityWithSlots(platform, [3]);
    const backwards = await platform.gql<any>(ops.SLOTS, { facilityId: facilityGid, from: '2026-12-10', to: '2026-12-01' }, { token: bob.accessToken });
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await platform.gql<any>(ops.SLOTS, { facilityId: facilityGid, from: '2026-01-01', to: '2026-12-31' }, { token: bob.accessToken });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('booking', () => {
  it('books a future slot for the caller', async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [30]);
    const payload = await book(bob, slotGids[0]!);
    expect(payload.userErrors).toEqual([]);
    expect(payload.appointment).toMatchObject({ status: 'BOOKED', department: 'Family medicine', patient: { idNumber: bob.idNumber } });
    expect(await bookedRows(slots[0]!.id)).toHaveLength(1);
  });

  it('gives a slot to exactly one of 20 concurrent bookings; the rest get SLOT_UNAVAILABLE', async ({ task }) => {
    const { slots, slotGids } = await facilityWithSlots(platform, [200]);
    const bookers = [alice, bob, ...others];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => book(bookers[i % bookers.length]!, slotGids[0]!)));
    const succeeded = answers.filter((a) => a.appointment);
    recordFigure(task, { item: 'F3', name: 'successes among 20 concurrent bookings of one slot', value: succeeded.length, expected: 1 });
    expect(succeeded).toHaveLength(1);
    const codes = answers.filter((a) => !a.appointment).map((a) => a.userErrors.map((e: any) => e.code));
    expect(codes).toEqual(Array.from({ length: 19 }, () => ['SLOT_UNAVAILABLE']));
    expect(await bookedRows(slots[0]!.id)).toHaveLength(1);
    expect(await platform.db.read.select().from(appointments).where(eq(appointments.slotId, slots[0]!.id))).toHaveLength(1);
  });

  it('refuses a slot that has already started', async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [-2]);
    const payload = await book(bob, slotGids[0]!);
    expect(payload.appointment).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_IN_PAST', field: ['slotId'] })]);
    expect(await bookedRows(slots[0]!.id)).toHaveLength(0);
  });

  it('refuses a second appointment overlapping one the person holds, even starting at another time', async () => {
    const first = await facilityWithSlots(platform, [50]);
    const elsewhere = await facilityWithSlots(platform, [50.25, 50]);
    expect((await book(others[0]!, first.slotGids[0]!)).userErrors).toEqual([]);

    const overlapping = await book(others[0]!, elsewhere.slotGids[0]!);
    expect(overlapping.userErrors.map((e: any) => e.code)).toEqual(['OVERLAPPING_APPOINTMENT']);
    const sameStart = await book(others[0]!, elsewhere.slotGids[1]!);
    expect(sameStart.userErrors.map((e: any) => e.code)).toEqual(['OVERLAPPING_APPOINTMENT']);
    expect(await bookedRows(elsewhere.slots[0]!.id)).toHaveLength(0);
    expect(await bookedRows(elsewhere.slots[1]!.id)).toHaveLength(0);
  });

  it('answers an unknown slot, or an ID of another type, with SLOT_NOT_FOUND', async () => {
    for (const slotId of [gid('AppointmentSlot', 999_999), gid('HealthFacility', 1), 'not-an-id']) {
      expect((await book(bob, slotId)).userErrors.map((e: any) => e.code)).toEqual(['SLOT_NOT_FOUND']);
    }
  });

  it('answers an Arabic caller in Arabic', async () => {
    const answer = await platform.gql<any>(ops.BOOK, { input: { slotId: gid('AppointmentSlot', 999_999) } }, { token: bob.accessToken, headers: { 'accept-language': 'ar' } });
    expect(answer.data.bookAppointment.userErrors[0].message).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('ownership', () => {
  let appointmentId: string;
  let slotId: number;
  beforeAll(async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [70]);
    slotId = slots[0]!.id;
    appointmentId = (await book(alice, slotGids[0]!)).appointment.id;
  });

  it('shows an appointment by global ID to its owner and null to anyone else, as for an unknown ID', async () => {
    const own = await platform.gql<any>(ops.NODE, { id: appointmentId }, { token: alice.accessToken });
    expect(own.data.node).toMatchObject({ id: appointmentId, status: 'BOOKED' });
    const foreign = await platform.gql<any>(ops.NODE, { id: appointmentId }, { token: bob.accessToken });
    const unknown = await platform.gql<any>(ops.NODE, { id: gid('Appointment', 999_999) }, { token: bob.accessToken });
    expect(foreign).toEqual(unknown);
    expect(foreign.data.node).toBeNull();
  });

  it('refuses to cancel or move someone else\'s appointment exactly as an unknown one, and changes nothing', async () => {
    const { slotGids } = await facilityWithSlots(platform, [90]);
    const foreign = await platform.gql<any>(ops.CANCEL, { input: { appointmentId } }, { token: bob.accessToken });
    const unknown = await platform.gql<any>(ops.CANCEL, { input: { appointmentId: gid('Appointment', 999_999) } }, { token: bob.accessToken });
    expect(foreign).toEqual(unknown);
    expect(foreign.data.cancelAppointment.userErrors.map((e: any) => e.code)).toEqual(['APPOINTMENT_NOT_FOUND']);
    const moved = await platform.gql<any>(ops.RESCHEDULE, { input: { appointmentId, slotId: slotGids[0] } }, { token: bob.accessToken });
    expect(moved.data.rescheduleAppointment.userErrors.map((e: any) => e.code)).toEqual(['APPOINTMENT_NOT_FOUND']);
    expect(await bookedRows(slotId)).toHaveLength(1);
  });

  it('lists the owner\'s appointments and not other people\'s', async () => {
    const mine = await platform.gql<any>(ops.MY_APPOINTMENTS, {}, { token: alice.accessToken });
    expect(mine.data.me.appointments.edges.map((e: any) => e.node.id)).toContain(appointmentId);
    const theirs = await platform.gql<any>(ops.MY_APPOINTMENTS, {}, { token: bob.accessToken });
    expect(theirs.data.me.appointments.edges.map((e: any) => e.node.id)).not.toContain(appointmentId);
    expect(theirs.data.me.appointments.edges.every((e: any) => e.node.patient.idNumber === bob.idNumber)).toBe(true);
  });

  it('lets the owner cancel, which frees the slot; a second cancel is refused', async () => {
    const cancelled = await platform.gql<any>(ops.CANCEL, { input: { appointmentId } }, { token: alice.accessToken });
    expect(cancelled.data.cancelAppointment).toMatchObject({ appointment: { id: appointmentId, status: 'CANCELLED' }, userErrors: [] });
    expect(await bookedRows(slotId)).toHaveLength(0);
    const again = await platform.gql<any>(ops.CANCEL, { input: { appointmentId } }, { token: alice.accessToken });
    expect(again.data.cancelAppointment.userErrors.map((e: any) => e.code)).toEqual(['APPOINTMENT_NOT_BOOKED']);
    expect((await book(bob, gid('AppointmentSlot', slotId))).userErrors).toEqual([]);
  });
});

describe('rescheduling', () => {
  it('moves to a free slot in one step: the new slot is taken, the old released, the ID kept', async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [110, 112]);
    const appointmentId = (await book(others[1]!, slotGids[0]!)).appointment.id;
    const moved = await platform.gql<any>(ops.RESCHEDULE, { input: { appointmentId, slotId: slotGids[1] } }, { token: others[1]!.accessToken });
    expect(moved.data.rescheduleAppointment).toMatchObject({ appointment: { id: appointmentId, status: 'BOOKED' }, userErrors: [] });
    expect(await bookedRows(slots[0]!.id)).toHaveLength(0);
    expect(await bookedRows(slots[1]!.id)).toEqual([expect.objectContaining({ personIdNumber: others[1]!.idNumber })]);
    expect((await book(others[2]!, slotGids[0]!)).userErrors).toEqual([]);
  });

  it('changes nothing when the new slot is taken', async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [120, 122]);
    const appointmentId = (await book(others[1]!, slotGids[0]!)).appointment.id;
    await book(others[2]!, slotGids[1]!);
    const refused = await platform.gql<any>(ops.RESCHEDULE, { input: { appointmentId, slotId: slotGids[1] } }, { token: others[1]!.accessToken });
    expect(refused.data.rescheduleAppointment).toMatchObject({ appointment: null, userErrors: [expect.objectContaining({ code: 'SLOT_UNAVAILABLE' })] });
    expect(await bookedRows(slots[0]!.id)).toEqual([expect.objectContaining({ personIdNumber: others[1]!.idNumber })]);
    expect(await bookedRows(slots[1]!.id)).toEqual([expect.objectContaining({ personIdNumber: others[2]!.idNumber })]);
  });
});

describe('booking for a dependent', () => {
  it('lets a guardian book for their child, see it, and logs the guardian\'s reads in the child\'s access log', async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [130]);
    const payload = await book(alice, slotGids[0]!, childIdNumber);
    expect(payload.userErrors).toEqual([]);
    expect(payload.appointment.patient.idNumber).toBe(childIdNumber);
    expect(await bookedRows(slots[0]!.id)).toEqual([expect.objectContaining({ personIdNumber: childIdNumber, bookedByAccountId: expect.any(Number) })]);

    const listed = await platform.gql<any>(ops.MY_APPOINTMENTS, {}, { token: alice.accessToken });
    expect(listed.data.me.appointments.edges.map((e: any) => e.node.id)).toContain(payload.appointment.id);
    const node = await platform.gql<any>(ops.NODE, { id: payload.appointment.id }, { token: alice.accessToken });
    expect(node.data.node.patient.idNumber).toBe(childIdNumber);
    const logged = await platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, childIdNumber));
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged.every((row) => row.accessorKind === 'DELEGATE' && row.dataCategory === 'APPOINTMENTS')).toBe(true);

    const stranger = await platform.gql<any>(ops.NODE, { id: payload.appointment.id }, { token: bob.accessToken });
    expect(stranger.data.node).toBeNull();
  });

  it('refuses to book for a stranger\'s child or for another adult', async () => {
    const { slots, slotGids } = await facilityWithSlots(platform, [140]);
    for (const forIdNumber of [childIdNumber, alice.idNumber, '1000000008']) {
      expect((await book(bob, slotGids[0]!, forIdNumber)).userErrors.map((e: any) => e.code)).toEqual(['PATIENT_NOT_FOUND']);
    }
    expect(await bookedRows(slots[0]!.id)).toHaveLength(0);
  });
});

describe('booking under a delegation', () => {
  it('lets an active DEPENDENT_APPOINTMENTS delegate book for the child, logs the act, and stops when the delegation ends', async () => {
    const delegate = others[3]!;
    const delegation = await platform.db.atomically(async (tx) => {
      const [inserted] = await tx
        .insert(delegations)
        .values({
          kind: 'DEPENDENT_APPOINTMENTS', grantorIdNumber: alice.idNumber, granteeIdNumber: delegate.idNumber, subject: childIdNumber,
          validFrom: '2020-01-01', validUntil: '2099-12-31', status: 'ACTIVE', createdAt: new Date(),
        })
        .returning();
      return inserted!;
    });
    const { slots, slotGids } = await facilityWithSlots(platform, [150, 152]);
    const payload = await book(delegate, slotGids[0]!, childIdNumber);
    expect(payload.userErrors).toEqual([]);
    expect(await bookedRows(slots[0]!.id)).toEqual([expect.objectContaining({ personIdNumber: childIdNumber, delegationId: delegation.id })]);
    expect(await platform.db.read.select().from(delegationActions).where(eq(delegationActions.delegationId, delegation.id))).toEqual([
      expect.objectContaining({ action: 'APPOINTMENT_BOOKED', onBehalfOfIdNumber: childIdNumber, subjectId: payload.appointment.id }),
    ]);

    await platform.db.atomically(async (tx) => {
      await tx.update(delegations).set({ status: 'REVOKED', revokedAt: new Date() }).where(eq(delegations.id, delegation.id));
    });
    const node = await platform.gql<any>(ops.NODE, { id: payload.appointment.id }, { token: delegate.accessToken });
    expect(node.data.node).toBeNull();
    const listed = await platform.gql<any>(ops.MY_APPOINTMENTS, {}, { token: delegate.accessToken });
    expect(listed.data.me.appointments.edges.map((e: any) => e.node.id)).not.toContain(payload.appointment.id);
    const cancel = await platform.gql<any>(ops.CANCEL, { input: { appointmentId: payload.appointment.id } }, { token: delegate.accessToken });
    expect(cancel.data.cancelAppointment.userErrors.map((e: any) => e.code)).toEqual(['APPOINTMENT_NOT_FOUND']);
    expect((await book(delegate, slotGids[1]!, childIdNumber)).userErrors.map((e: any) => e.code)).toEqual(['PATIENT_NOT_FOUND']);
    expect(await bookedRows(slots[0]!.id)).toHaveLength(1);
  });
});

describe('reminders', () => {
  it('writes one reminder in both languages for appointments starting within 24 hours, once', async () => {
    const { slotGids } = await facilityWithSlots(platform, [30.5, 31]);
    const own = (await book(bob, slotGids[0]!)).appointment.id;
    const forChild = (await book(alice, slotGids[1]!, childIdNumber)).appointment.id;
    const remindersFor = async (idNumber: string, subjectId: string) =>
      platform.db.read.select().from(notifications).where(and(eq(notifications.personIdNumber, idNumber), eq(notifications.subjectId, subjectId)));

    await platform.services.health.sendAppointmentReminders();
    expect(await remindersFor(bob.idNumber, own)).toHaveLength(0);

    shiftMs = 8 * HOUR_MS;
    try {
      expect(await platform.services.health.sendAppointmentReminders()).toBeGreaterThanOrEqual(2);
      const [reminder] = await remindersFor(bob.idNumber, own);
      expect(reminder).toMatchObject({ kind: 'APPOINTMENT_REMINDER', titleEn: 'Appointment reminder', titleAr: 'تذكير بموعد' });
      expect(reminder!.bodyEn).toContain('Hospital');
      expect(reminder!.bodyAr).toContain('مستشفى');
      // A child's reminder reaches the child's record and the guardian who booked.
      expect(await remindersFor(childIdNumber, forChild)).toHaveLength(1);
      expect(await remindersFor(alice.idNumber, forChild)).toHaveLength(1);

      expect(await platform.services.health.sendAppointmentReminders()).toBe(0);
      expect(await remindersFor(bob.idNumber, own)).toHaveLength(1);
      const row = await first(platform.db.read.select().from(appointments).where(eq(appointments.id, Number(Buffer.from(own, 'base64url').toString().split(':')[1]))));
      expect(row!.reminderSentAt).not.toBeNull();
    } finally {
      shiftMs = 0;
    }
  });
});
