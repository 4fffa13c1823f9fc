// Builders for the health tests: facilities and slots through the service the
// demo seed uses, family links straight into the registry, and the GraphQL
// operations the tests send.
import { familyLinks } from '../../src/modules/registry/tables.js';
import type { TestPlatform } from './platform.js';

const HOUR_MS = 60 * 60 * 1000;
let facilities = 0;

/** A facility with one slot per entry of `hoursFromNow` (30 minutes each, start relative to `from`). */
export async function facilityWithSlots(platform: TestPlatform, hoursFromNow: number[], from = new Date(), city = 'Riyadh') {
  facilities += 1;
  const facility = await platform.services.health.addFacility({
    code: `F-${facilities}-${Math.random().toString(36).slice(2, 8)}`,
    name: { ar: `مستشفى ${facilities}`, en: `Hospital ${facilities}` },
    city,
    kind: 'HOSPITAL',
  });
  const slots = await platform.services.health.openSlots(
    facility.id,
    hoursFromNow.map((h) => ({
      department: 'Family medicine',
      startsAt: new Date(from.getTime() + h * HOUR_MS),
      endsAt: new Date(from.getTime() + h * HOUR_MS + 30 * 60 * 1000),
    })),
  );
  return { facility, slots, facilityGid: gid('HealthFacility', facility.id), slotGids: slots.map((s) => gid('AppointmentSlot', s.id)) };
}

export function gid(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export async function linkChild(platform: TestPlatform, guardianIdNumber: string, dependentIdNumber: string): Promise<void> {
  await platform.db.atomically(async (tx) => {
    await tx.insert(familyLinks).values({ guardianIdNumber, dependentIdNumber, relationship: 'CHILD' });
  });
}

const USER_ERRORS = 'userErrors { field message code }';
const APPOINTMENT = 'appointment { id status startsAt department facility { name { en } } patient { idNumber } }';

export const healthOps = {
  BOOK: `mutation($input: BookAppointmentInput!) { bookAppointment(input: $input) { ${APPOINTMENT} ${USER_ERRORS} } }`,
  CANCEL: `mutation($input: CancelAppointmentInput!) { cancelAppointment(input: $input) { ${APPOINTMENT} ${USER_ERRORS} } }`,
  RESCHEDULE: `mutation($input: RescheduleAppointmentInput!) { rescheduleAppointment(input: $input) { ${APPOINTMENT} ${USER_ERRORS} } }`,
  NODE: `query($id: ID!) { node(id: $id) { id ... on Appointment { status patient { idNumber } } } }`,
  SLOTS: `query($facilityId: ID!, $from: Date, $to: Date) { appointmentSlots(facilityId: $facilityId, from: $from, to: $to) { id startsAt available } }`,
  FACILITIES: `query($city: String) { healthFacilities(city: $city) { id name { ar en } city } }`,
  MY_APPOINTMENTS: `query { me { appointments(first: 10) { totalCount edges { node { id status patient { idNumber } } } } } }`,
  RECORD: `query { me { healthRecord { bloodType allergies conditions prescriptions { id medication dosage prescriber refillsLeft prescribedOn expiresOn pendingRenewal { id status } } } } }`,
  ACCESS_LOG: `query { me { accessLog(first: 50) { totalCount edges { node { accessorKind accessorName accessorRole purpose dataCategory occurredAt } } } } }`,
  REQUEST_RENEWAL: `mutation($input: RequestMedicationRenewalInput!) { requestMedicationRenewal(input: $input) { renewalRequest { id status medication patientIdNumber } ${USER_ERRORS} } }`,
  DECIDE_RENEWAL: `mutation($input: DecideMedicationRenewalInput!) { decideMedicationRenewal(input: $input) { renewalRequest { id status decisionNote decidedAt } ${USER_ERRORS} } }`,
  RENEWAL_QUEUE: `query { medicationRenewalRequests(first: 20) { totalCount edges { node { id status medication patientIdNumber } } } }`,
};
