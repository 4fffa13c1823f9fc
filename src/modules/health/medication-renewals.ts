// Medication renewals: a patient whose prescription has no refills left asks
// for a renewal; a health officer works the queue and approves (restoring
// the refills) or rejects. Each officer read of a prescription is logged.
import { notify } from '../notifications/notify.js';
import { violatedUniqueIndex } from '../../db/errors.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { HealthErrorCode } from './errors.js';
import type { HealthDeps } from './deps.js';
import { createActing, type Actor, type ReadContext } from './acting.js';
import { openPrescription, renewalView, type RenewalView } from './health-record.js';
import type { MedicationRenewalRow } from './tables.js';
import { renewalDecided } from './messages.js';

export function createMedicationRenewals(deps: HealthDeps) {
  const { store, keys, now } = deps;
  const { logRead, personRead, officerRead } = createActing(deps);

  return {
    async requestRenewal(who: Actor, prescriptionId: number | null, context: ReadContext): Promise<Outcome<RenewalView, HealthErrorCode>> {
      try {
        // Awaited here so that a constraint violation lands in this catch.
        return await store.atomically(async (ops): Promise<Outcome<RenewalView, HealthErrorCode>> => {
          const prescription = prescriptionId === null ? undefined : await ops.prescription(prescriptionId);
          if (!prescription || prescription.personIdNumber !== who.idNumber) return refuse('PRESCRIPTION_NOT_FOUND', ['prescriptionId']);
          if (prescription.refillsLeft > 0) return refuse('REFILLS_REMAINING', ['prescriptionId']);
          if ((await ops.pendingRenewalsOf([prescription.id])).length) return refuse('RENEWAL_ALREADY_PENDING', ['prescriptionId']);
          const request = await ops.insertRenewal({ prescriptionId: prescription.id, requestedByAccountId: who.accountId, status: 'PENDING', createdAt: now() });
          await logRead(ops.tx, personRead(who, who.idNumber, 'PRESCRIPTIONS', 'MEDICATION_RENEWAL_REQUEST', context));
          return succeed(renewalView(request, who.idNumber, openPrescription(keys, prescription, undefined).medication));
        });
      } catch (error) {
        // A concurrent request for the same prescription won: the one-pending index refused this one.
        if (violatedUniqueIndex(error) === 'medication_renewals_one_pending') return refuse('RENEWAL_ALREADY_PENDING', ['prescriptionId']);
        throw error;
      }
    },

    /** A health officer's queue; each patient whose prescription is shown gets an access-log row. */
    async renewalQueue(officer: Actor, status: MedicationRenewalRow['status'], limit: number, afterId: number | null, context: ReadContext) {
      const total = await store.countRenewals(status);
      const rows = await store.atomically(async (ops) => {
        const requests = await ops.renewals(status, limit, afterId);
        const prescriptions = new Map((await ops.prescriptionsByIds([...new Set(requests.map((r) => r.prescriptionId))])).map((p) => [p.id, p]));
        const shown = requests.slice(0, Math.max(0, limit - 1));
        for (const idNumber of new Set(shown.map((r) => prescriptions.get(r.prescriptionId)!.personIdNumber))) {
          await logRead(ops.tx, officerRead(officer, idNumber, 'MEDICATION_RENEWAL_REVIEW', context));
        }
        return requests.map((r) => {
          const prescription = prescriptions.get(r.prescriptionId)!;
          return renewalView(r, prescription.personIdNumber, openPrescription(keys, prescription, undefined).medication);
        });
      });
      return { rows, total };
    },

    async decideRenewal(
      officer: Actor, requestId: number | null, approve: boolean, note: string | null, context: ReadContext,
    ): Promise<Outcome<RenewalView, HealthErrorCode>> {
      if (note !== null && note.length > 500) return refuse('NOTE_TOO_LONG', ['note']);
      return store.atomically(async (ops): Promise<Outcome<RenewalView, HealthErrorCode>> => {
        const request = requestId === null ? undefined : await ops.renewal(requestId);
        if (!request) return refuse('RENEWAL_NOT_FOUND', ['requestId']);
        const decided = await ops.decideRenewal(request.id, {
          status: approve ? 'APPROVED' : 'REJECTED', decidedByAccountId: officer.accountId, decisionNote: note, decidedAt: now(),
        });
        if (!decided) return refuse('RENEWAL_ALREADY_DECIDED', ['requestId']);
        const prescription = (await ops.prescription(request.prescriptionId))!;
        const details = openPrescription(keys, prescription, undefined);
        if (approve) await ops.setRefillsLeft(prescription.id, Math.max(1, details.refills));
        await logRead(ops.tx, officerRead(officer, prescription.personIdNumber, 'MEDICATION_RENEWAL_DECISION', context));
        // The notification table is not encrypted: it names no medication.
        await notify(ops.tx, { personIdNumber: prescription.personIdNumber, ...renewalDecided(approve), subjectId: toGlobalId('MedicationRenewalRequest', decided.id) }, now());
        return succeed(renewalView(decided, prescription.personIdNumber, details.medication));
      });
    },
  };
}
