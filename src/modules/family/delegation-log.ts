// The log of what was done under a delegation (tafweed): who acted, for whom,
// what, when. Synchronous and in the caller's transaction, so that an action
// taken for someone else (a dependent's appointment booked by a delegate) is
// never committed without its log row, and a delegation revoked in the
// meantime stops the action instead of letting it through unlogged.
//
// Callers (health, ...) first ask `services.family.actingAuthority`; when it
// answers DELEGATION they pass its `delegationId` here inside the transaction
// that performs the action.
import { and, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { Transaction } from '../../db/transaction.js';
import { accounts } from '../identity/tables.js';
import { familyLinks } from '../registry/tables.js';
import { delegationActions, delegations } from './tables.js';
import { riyadhDate } from './dates.js';
import type { DelegationActionRow } from './store.js';

export interface DelegatedAction {
  delegationId: number;
  /** The grantee who acted. */
  actorIdNumber: string;
  /** The person acted for: a dependent's ID (DEPENDENT_APPOINTMENTS) or the vehicle owner (VEHICLE_DRIVING). */
  subjectIdNumber: string;
  /** What was done, in the acting module's words, e.g. 'APPOINTMENT_BOOKED'. */
  action: string;
  /** What it was done to, e.g. the appointment's global ID. */
  subjectId?: string | null;
  /** The actor's account, when the caller has it at hand (saves a lookup). */
  actorAccountId?: number;
  at: Date;
}

/** The delegation ended, or never covered this actor and person, between the check and the action. */
export class DelegationNotInForceError extends Error {
  constructor(readonly delegationId: number) {
    super(`delegation ${delegationId} does not cover this action`);
  }
}

export function recordDelegatedAction(tx: Transaction | Db, action: DelegatedAction): DelegationActionRow {
  const today = riyadhDate(action.at);
  const delegation = tx
    .select()
    .from(delegations)
    .where(
      and(
        eq(delegations.id, action.delegationId),
        eq(delegations.status, 'ACTIVE'),
        eq(delegations.granteeIdNumber, action.actorIdNumber),
        lte(delegations.validFrom, today),
        gte(delegations.validUntil, today),
      ),
    )
    .get();
  if (!delegation) throw new DelegationNotInForceError(action.delegationId);
  const coversPerson =
    delegation.kind === 'DEPENDENT_APPOINTMENTS'
      ? delegation.subject === action.subjectIdNumber && grantorStillGuardian(tx, delegation.grantorIdNumber, delegation.subject)
      : delegation.grantorIdNumber === action.subjectIdNumber;
  if (!coversPerson) throw new DelegationNotInForceError(action.delegationId);

  // The log names the actor's account (the table's key); the accounts table is
  // read here, in the same transaction, only to turn the ID number into it.
  const actorAccountId =
    action.actorAccountId ?? tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.personIdNumber, action.actorIdNumber)).get()?.id;
  if (actorAccountId === undefined) throw new DelegationNotInForceError(action.delegationId);

  return tx
    .insert(delegationActions)
    .values({
      delegationId: delegation.id,
      actorAccountId,
      onBehalfOfIdNumber: action.subjectIdNumber,
      action: action.action,
      subjectId: action.subjectId ?? null,
      occurredAt: action.at,
    })
    .returning()
    .get();
}

// Access through a family link ends with the link, even under a delegation.
function grantorStillGuardian(tx: Transaction | Db, grantorIdNumber: string, dependentIdNumber: string): boolean {
  return (
    tx
      .select({ relationship: familyLinks.relationship })
      .from(familyLinks)
      .where(and(eq(familyLinks.guardianIdNumber, grantorIdNumber), eq(familyLinks.dependentIdNumber, dependentIdNumber)))
      .get()?.relationship === 'CHILD'
  );
}
