// Set-up used by the demo seed and by tests, not by any GraphQL operation:
// facilities and their slots, clinical records and prescriptions (sealed
// with the current key).
import type { HealthDeps } from './deps.js';
import { seal } from '../../crypto/sealed.js';
import { prescriptionBinding, recordBinding, type ClinicalRecord, type PrescriptionDetails } from './health-record.js';
import type { HealthFacilityRow, PrescriptionRow } from './tables.js';

export function createHealthSetup(deps: HealthDeps) {
  const { store, keys, now } = deps;
  return {
    async addFacility(input: { code: string; name: { ar: string; en: string }; city: string; kind: HealthFacilityRow['kind'] }): Promise<HealthFacilityRow> {
      return store.atomically((ops) => ops.insertFacility({ code: input.code, nameAr: input.name.ar, nameEn: input.name.en, city: input.city, kind: input.kind }));
    },
    async openSlots(facilityId: number, slots: Array<{ department: string; startsAt: Date; endsAt: Date }>) {
      for (const slot of slots) {
        if (slot.endsAt.getTime() <= slot.startsAt.getTime()) throw new Error('a slot must end after it starts');
      }
      return store.atomically(async (ops) => {
        const opened = [];
        for (const slot of slots) opened.push(await ops.insertSlot({ facilityId, ...slot }));
        return opened;
      });
    },
    /** Writes (or replaces) a person's clinical record, encrypted with the current key. */
    async recordHealthData(personIdNumber: string, record: ClinicalRecord): Promise<void> {
      const sealed = seal(keys, record, recordBinding(personIdNumber));
      await store.atomically((ops) => ops.saveRecord({ personIdNumber, ...sealed, updatedAt: now() }));
    },
    async addPrescription(
      personIdNumber: string,
      input: PrescriptionDetails & { refillsLeft?: number; prescribedOn: string; expiresOn: string },
    ): Promise<PrescriptionRow> {
      const { medication, dosage, prescriber, refills } = input;
      const sealed = seal(keys, { medication, dosage, prescriber, refills }, prescriptionBinding(personIdNumber));
      return store.atomically((ops) =>
        ops.insertPrescription({
          personIdNumber, ...sealed, refillsLeft: input.refillsLeft ?? refills, prescribedOn: input.prescribedOn, expiresOn: input.expiresOn,
        }),
      );
    },
  };
}
