// The person's own health record: the clinical part and the prescriptions,
// stored encrypted. Every read that opens clinical data writes its
// access-log row in the same transaction, so a read is never served without
// its trace.
import type { HealthDeps } from './deps.js';
import type { HealthKeyRing } from './data-keys.js';
import { createActing, type Actor, type ReadContext } from './acting.js';
import { open } from '../../crypto/sealed.js';
import type { MedicationRenewalRow, PrescriptionRow } from './tables.js';

/** The clinical part of a health record, as stored (encrypted) and shown. */
export interface ClinicalRecord {
  bloodType: string | null;
  allergies: string[];
  conditions: string[];
}

export interface PrescriptionDetails {
  medication: string;
  dosage: string;
  prescriber: string;
  /** The refills the prescription was written with; an approved renewal restores them. */
  refills: number;
}

export interface RenewalView {
  id: number;
  status: MedicationRenewalRow['status'];
  medication: string;
  patientIdNumber: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface PrescriptionView extends PrescriptionDetails {
  id: number;
  refillsLeft: number;
  prescribedOn: string;
  expiresOn: string;
  pendingRenewal: RenewalView | null;
}

export interface HealthRecordView extends ClinicalRecord {
  prescriptions: PrescriptionView[];
}

// The additional data each ciphertext is sealed with: a record cannot be
// moved to another person's row, nor a prescription to another prescription.
export const recordBinding = (idNumber: string) => `health_record:${idNumber}`;
export const prescriptionBinding = (idNumber: string) => `prescription:${idNumber}`;

export function renewalView(row: MedicationRenewalRow, patientIdNumber: string, medication: string): RenewalView {
  return {
    id: row.id, status: row.status, medication, patientIdNumber,
    requestedAt: row.createdAt, decidedAt: row.decidedAt, decisionNote: row.decisionNote,
  };
}

export function openPrescription(keys: HealthKeyRing, row: PrescriptionRow, pending: MedicationRenewalRow | undefined): PrescriptionView {
  const details = open<PrescriptionDetails>(keys, row, prescriptionBinding(row.personIdNumber));
  return {
    ...details,
    id: row.id,
    refillsLeft: row.refillsLeft,
    prescribedOn: row.prescribedOn,
    expiresOn: row.expiresOn,
    pendingRenewal: pending ? renewalView(pending, row.personIdNumber, details.medication) : null,
  };
}

export function createHealthRecord(deps: HealthDeps) {
  const { store, keys } = deps;
  const { logRead, personRead } = createActing(deps);
  return {
    /** The person's own record; the read is logged in the same transaction. */
    async healthRecordOf(who: Actor, context: ReadContext): Promise<HealthRecordView | null> {
      return store.atomically(async (ops): Promise<HealthRecordView | null> => {
        const record = await ops.record(who.idNumber);
        const prescriptions = await ops.prescriptionsOf(who.idNumber);
        if (!record && prescriptions.length === 0) return null;
        await logRead(ops.tx, personRead(who, who.idNumber, 'HEALTH_RECORD', 'OWN_RECORD', context));
        const clinical = record ? open<ClinicalRecord>(keys, record, recordBinding(who.idNumber)) : { bloodType: null, allergies: [], conditions: [] };
        const pending = new Map((await ops.pendingRenewalsOf(prescriptions.map((p) => p.id))).map((r) => [r.prescriptionId, r]));
        return { ...clinical, prescriptions: prescriptions.map((p) => openPrescription(keys, p, pending.get(p.id))) };
      });
    },
  };
}
