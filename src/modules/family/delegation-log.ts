// The log of what was done under a delegation (tafweed): who acted, for whom,
// what, when. Written in the caller's transaction, so that an action
// taken for someone else (a dependent's appointment booked by a delegate) is
// never committed without its log row, and a delegation revoked in the
// meantime stops the action instead of letting it through unlogged.
//
// Callers (health, ...) first ask `services.family.actingAuthority`; when it
// answers DELEGATION they pass its `delegationId` here inside the transaction
// that performs the action.
import type { Tx } from '../../db/database.js';
import { riyadhDate } from './dates.js';
import { familyTxOperations, type DelegationActionRow } from './store.js';

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
  /** The actor's account (the log's key): the signed-in person who acted. */
  actorAccountId: number;
  at: Date;
}

/** The delegation ended, or never covered this actor and person, between the check and the action. */
export class DelegationNotInForceError extends Error {
  constructor(readonly delegationId: number) {
    super(`delegation ${delegationId} does not cover this action`);
  }
}

/**
 * Checks the delegation still covers the action and logs it, in `tx`. A
 * `DelegationNotInForceError` means the action must not happen: the caller
 * undoes what its transaction wrote (throws `Rollback` from `atomically`).
 */
export async function recordDelegatedAction(tx: Tx, action: DelegatedAction): Promise<DelegationActionRow> {
  const family = familyTxOperations(tx);
  const today = riyadhDate(action.at);
  const delegation = await family.delegation(action.delegationId);
  const inForce =
    delegation !== undefined &&
    delegation.status === 'ACTIVE' &&
    delegation.granteeIdNumber === action.actorIdNumber &&
    delegation.validFrom <= today &&
    today <= delegation.validUntil;
  if (!inForce) throw new DelegationNotInForceError(action.delegationId);
  // Access through a family link ends with the link, even under a delegation.
  const coversPerson =
    delegation.kind === 'DEPENDENT_APPOINTMENTS'
      ? delegation.subject === action.subjectIdNumber && (await family.link(delegation.grantorIdNumber, delegation.subject))?.relationship === 'CHILD'
      : delegation.grantorIdNumber === action.subjectIdNumber;
  if (!coversPerson) throw new DelegationNotInForceError(action.delegationId);

  return family.insertDelegationAction({
    delegationId: delegation.id,
    actorAccountId: action.actorAccountId,
    onBehalfOfIdNumber: action.subjectIdNumber,
    action: action.action,
    subjectId: action.subjectId ?? null,
    occurredAt: action.at,
  });
}
