// Who is acting on health data, on what authority (themselves, a guardian, a
// delegate, an officer), and the access-log row each read of clinical data
// leaves behind.
import type { ActingAuthority } from '../family/authority.js';
import { recordAccess, type NewAccessLogEntry } from '../audit/record.js';
import type { Tx } from '../../db/database.js';
import type { HealthDeps } from './deps.js';

/** Who is reading or acting, resolved once per call for the access log. */
export interface Actor {
  accountId: number;
  idNumber: string;
  name: string;
  roles: string[];
}

export interface ReadContext {
  requestId: string;
}

type AccessLogRead = Omit<NewAccessLogEntry, 'occurredAt'>;

export function createActing(deps: HealthDeps) {
  const { now } = deps;

  async function actor(accountId: number, roles: string[] = []): Promise<Actor> {
    const account = await deps.identity.findAccount(accountId);
    if (!account) throw new Error('acting account vanished');
    const person = await deps.registry.findPerson(account.personIdNumber);
    return { accountId, idNumber: account.personIdNumber, name: person?.nameEn ?? account.username, roles };
  }

  async function authorityOver(who: Actor, patientIdNumber: string): Promise<ActingAuthority | null> {
    if (who.idNumber === patientIdNumber) return { kind: 'SELF', delegationId: null };
    return deps.actingAuthority(who.idNumber, patientIdNumber);
  }

  /** Writes the read's access-log row in the transaction that reads the data. */
  function logRead(tx: Tx, entry: AccessLogRead): Promise<void> {
    return recordAccess(tx, { ...entry, occurredAt: now() });
  }

  function personRead(who: Actor, personIdNumber: string, dataCategory: string, purpose: string, context: ReadContext): AccessLogRead {
    const self = who.idNumber === personIdNumber;
    return {
      personIdNumber,
      accessorKind: self ? ('PERSON' as const) : ('DELEGATE' as const),
      accessorId: String(who.accountId),
      accessorName: who.name,
      accessorRole: null,
      purpose,
      dataCategory,
      requestId: context.requestId,
    };
  }

  function officerRead(officer: Actor, personIdNumber: string, purpose: string, context: ReadContext): AccessLogRead {
    return {
      personIdNumber,
      accessorKind: 'OFFICER' as const,
      accessorId: String(officer.accountId),
      accessorName: officer.name,
      accessorRole: 'HEALTH_OFFICER',
      purpose,
      dataCategory: 'PRESCRIPTIONS',
      requestId: context.requestId,
    };
  }

  return { actor, authorityOver, logRead, personRead, officerRead };
}

export type Acting = ReturnType<typeof createActing>;
