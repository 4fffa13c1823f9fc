// Which health objects `node(id:)` returns, and to whom. Facilities and slots
// concern no person; an appointment only to its patient or to someone who may
// still act for them (a guardian, a delegate), logged as the patient's data.
import type { NodeFetcher } from '../../server/node.js';
import { localIntIdOf, toGlobalId } from '../../server/global-id.js';

const intId = (localId: string, type: string) => localIntIdOf(toGlobalId(type, localId), type);

export const healthNodeFetchers: Record<string, NodeFetcher> = {
  async HealthFacility(localId, context) {
    const id = intId(localId, 'HealthFacility');
    return id === null ? null : context.loaders.health.facilityById.load(id);
  },
  async AppointmentSlot(localId, context) {
    const id = intId(localId, 'AppointmentSlot');
    return id === null ? null : context.loaders.health.slotById.load(id);
  },
  async Appointment(localId, context) {
    const id = intId(localId, 'Appointment');
    if (id === null || context.viewer?.kind !== 'person') return null;
    const who = await context.services.health.actor(context.viewer.accountId);
    return context.services.health.appointmentFor(who, id, { requestId: context.requestId });
  },
};
