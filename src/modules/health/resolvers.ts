// Thin resolvers: read arguments and context, call the health service, shape
// the answer. The rules (who may book for whom, what a read logs) live in the
// service.
import { GraphQLError } from 'graphql';
import type { Resolvers } from '../../generated/resolvers-types.js';
import type { RequestContext } from '../../server/context.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { healthErrors } from './errors.js';
import type { Actor } from './service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_SLOT_RANGE_DAYS = 62;

const badInput = (message: string, argumentName: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });

/** The signed-in person as the health service knows them; callers run behind @signedIn or @role. */
function actor(context: RequestContext): Promise<Actor> {
  if (context.viewer?.kind !== 'person') throw new Error('expected a signed-in person');
  return context.services.health.actor(context.viewer.accountId, context.viewer.roles);
}

const readContext = (context: RequestContext) => ({ requestId: context.requestId });

// Days are Riyadh calendar days (UTC+3 all year, no daylight saving).
const riyadhMidnight = (date: string) => new Date(`${date}T00:00:00+03:00`);

export const healthResolvers: Resolvers = {
  Query: {
    healthFacilities: (_root, { city }, context) => {
      if (city && city.length > 100) throw badInput('"city" is too long.', 'city');
      return context.services.health.facilities(city ?? null);
    },
    appointmentSlots: (_root, args, context) => {
      const from = args.from ?? context.services.health.today();
      const start = riyadhMidnight(from);
      const last = args.to ? riyadhMidnight(args.to) : new Date(start.getTime() + 13 * DAY_MS);
      const days = Math.round((last.getTime() - start.getTime()) / DAY_MS);
      if (days < 0) throw badInput('"to" must not be before "from".', 'to');
      if (days >= MAX_SLOT_RANGE_DAYS) throw badInput(`"from" and "to" must be less than ${MAX_SLOT_RANGE_DAYS} days apart.`, 'to');
      const facilityId = localIntIdOf(args.facilityId, 'HealthFacility');
      if (facilityId === null) return [];
      return context.services.health.slots(facilityId, start, new Date(last.getTime() + DAY_MS));
    },
    medicationRenewalRequests: async (_root, args, context) => {
      const page = pageRequest(args);
      const { rows, total } = await context.services.health.renewalQueue(
        await actor(context), args.status ?? 'PENDING', page.limit + 1, page.afterKey, readContext(context),
      );
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Mutation: {
    bookAppointment: async (_root, { input }, context) =>
      toPayload(
        await context.services.health.book(await actor(context), localIntIdOf(input.slotId, 'AppointmentSlot'), input.forIdNumber?.slice(0, 20) ?? null),
        healthErrors, context.language,
        (appointment) => ({ appointment }),
      ),
    cancelAppointment: async (_root, { input }, context) =>
      toPayload(
        await context.services.health.cancel(await actor(context), localIntIdOf(input.appointmentId, 'Appointment')),
        healthErrors, context.language,
        (appointment) => ({ appointment }),
      ),
    rescheduleAppointment: async (_root, { input }, context) =>
      toPayload(
        await context.services.health.reschedule(
          await actor(context), localIntIdOf(input.appointmentId, 'Appointment'), localIntIdOf(input.slotId, 'AppointmentSlot'),
        ),
        healthErrors, context.language,
        (appointment) => ({ appointment }),
      ),
    requestMedicationRenewal: async (_root, { input }, context) =>
      toPayload(
        await context.services.health.requestRenewal(await actor(context), localIntIdOf(input.prescriptionId, 'Prescription'), readContext(context)),
        healthErrors, context.language,
        (renewalRequest) => ({ renewalRequest }),
      ),
    decideMedicationRenewal: async (_root, { input }, context) =>
      toPayload(
        await context.services.health.decideRenewal(
          await actor(context), localIntIdOf(input.requestId, 'MedicationRenewalRequest'), input.approve, input.note ?? null, readContext(context),
        ),
        healthErrors, context.language,
        (renewalRequest) => ({ renewalRequest }),
      ),
  },

  Account: {
    appointments: async (account, args, context) => {
      const page = pageRequest(args);
      const { rows, total } = await context.services.health.appointmentsOf(account, page.limit + 1, page.afterKey, readContext(context));
      return toConnection(rows, page, (row) => row.id, total);
    },
    healthRecord: async (account, _args, context) =>
      context.services.health.healthRecordOf(await context.services.health.actor(account.id), readContext(context)),
  },

  HealthFacility: {
    id: (facility) => toGlobalId('HealthFacility', facility.id),
    name: (facility) => ({ ar: facility.nameAr, en: facility.nameEn }),
  },

  AppointmentSlot: {
    id: (slot) => toGlobalId('AppointmentSlot', slot.id),
    facility: async (slot, _args, context) => {
      const facility = await context.loaders.health.facilityById.load(slot.facilityId);
      if (!facility) throw new Error('slot without a facility');
      return facility;
    },
  },

  Appointment: {
    id: (appointment) => toGlobalId('Appointment', appointment.id),
    department: async (appointment, _args, context) => (await slotOf(appointment.slotId, context)).department,
    facility: async (appointment, _args, context) => {
      const facility = await context.loaders.health.facilityById.load((await slotOf(appointment.slotId, context)).facilityId);
      if (!facility) throw new Error('slot without a facility');
      return facility;
    },
    patient: async (appointment, _args, context) => {
      const person = await context.loaders.registry.personByIdNumber.load(appointment.personIdNumber);
      if (!person) throw new Error('appointment without a registry person');
      return { idNumber: person.idNumber, name: { ar: person.nameAr, en: person.nameEn } };
    },
  },

  Prescription: {
    id: (prescription) => toGlobalId('Prescription', prescription.id),
  },

  MedicationRenewalRequest: {
    id: (request) => toGlobalId('MedicationRenewalRequest', request.id),
  },
};

async function slotOf(slotId: number, context: RequestContext) {
  const slot = await context.loaders.health.slotById.load(slotId);
  if (!slot) throw new Error('appointment without a slot');
  return slot;
}
