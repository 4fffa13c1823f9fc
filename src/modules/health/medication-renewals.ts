// Medication renewals: a patient whose prescription has no refills left asks
// for a renewal; a health officer works the queue and approves (restoring
// the refills) or rejects. Each officer read of a prescription is logged.
import { notify } from '../notifications/notify.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { HealthErrorCode } from './errors.js';
import type { HealthDeps } from './deps.js';
import { createActing, type Actor, type ReadContext } from './acting.js';
import { createRefusableRunner, uniqueViolation } from './refusals.js';
import { openPrescription, renewalView, type RenewalView } from './health-record.js';
import type { MedicationRenewalRow } from './tables.js';
import { renewalDecided } from './messages.js';

export function createMedicationRenewals(deps: HealthDeps) {
  const { store, keys, now } = deps;
  const { logRead, personRead, officerRead } = createActing(deps);
  const runRefusable = createRefusableRunner(store);

  return {
    async requestRenewal(who: Actor, prescriptionId: number | null, context: ReadContext): Promise<Outcome<RenewalView, HealthErrorCode>> {
      try {
        // Awaited here so that a constraint violation lands in this catch.
        return await runRefusable((ops, tx) => {
          const prescription = prescriptionId === null ? undefined : ops.prescription(prescriptionId);
          if (!prescription || prescription.personIdNumber !== who.idNumber) return refuse('PRESCRIPTION_NOT_FOUND', ['prescriptionId']);
          if (prescription.refillsLeft > 0) return refuse('REFILLS_REMAINING', ['prescriptionId']);
          if (ops.pendingRenewalsOf([prescription.id]).length) return refuse('RENEWAL_ALREADY_PENDING', ['prescriptionId']);
          const request = ops.insertRenewal({ prescriptionId: prescription.id, requestedByAccountId: who.accountId, status: 'PENDING', createdAt: now() });
          logRead(tx, personRead(who, who.idNumber, 'PRESCRIPTIONS', 'MEDICATION_RENEWAL_REQUEST', context));
          return succeed(renewalView(request, who.idNumber, openPrescription(keys, prescription, undefined).medication));
        });
      } catch (error) {
        if (uniqueViolation(error)?.includes('medication_renewal_requests.prescription_id')) return refuse('RENEWAL_ALREADY_PENDING', ['prescriptionId']);
        throw error;
      }
    },

    /** A health officer's queue; each patient whose prescription is shown gets an access-log row. */
    async renewalQueue(officer: Actor, status: MedicationRenewalRow['status'], limit: number, afterId: number | null, context: ReadContext) {
      const total = await store.countRenewals(status);
      const rows = await store.atomically((ops, tx) => {
        const requests = ops.renewals(status, limit, afterId);
        const prescriptions = new Map(ops.prescriptionsByIds([...new Set(requests.map((r) => r.prescriptionId))]).map((p) => [p.id, p]));
        const shown = requests.slice(0, Math.max(0, limit - 1));
        for (const idNumber of new Set(shown.map((r) => prescriptions.get(r.prescriptionId)!.personIdNumber))) {
          logRead(tx, officerRead(officer, idNumber, 'MEDICATION_RENEWAL_REVIEW', context));
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
      return runRefusable((ops, tx) => {
        const request = requestId === null ? undefined : ops.renewal(requestId);
        if (!request) return refuse('RENEWAL_NOT_FOUND', ['requestId']);
        const decided = ops.decideRenewal(request.id, {
          status: approve ? 'APPROVED' : 'REJECTED', decidedByAccountId: officer.accountId, decisionNote: note, decidedAt: now(),
        });
        if (!decided) return refuse('RENEWAL_ALREADY_DECIDED', ['requestId']);
        const prescription = ops.prescription(request.prescriptionId)!;
        const details = openPrescription(keys, prescription, undefined);
        if (approve) ops.setRefillsLeft(prescription.id, Math.max(1, details.refills));
        logRead(tx, officerRead(officer, prescription.personIdNumber, 'MEDICATION_RENEWAL_DECISION', context));
        // The notification table is not encrypted: it names no medication.
        notify(tx, { personIdNumber: prescription.personIdNumber, ...renewalDecided(approve), subjectId: toGlobalId('MedicationRenewalRequest', decided.id) }, now());
        return succeed(renewalView(decided, prescription.personIdNumber, details.medication));
      });
    },
  };
}
