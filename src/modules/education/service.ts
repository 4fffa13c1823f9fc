// Education records: a person submits a qualification, an education officer
// verifies or rejects it, and the person is told. Only verified records are
// official; a submission proves nothing until an officer has checked it.
import type { Database } from '../../db/database.js';
import type { IdentityService } from '../identity/service.js';
import type { RegistryService } from '../registry/service.js';
import { notify } from '../notifications/notify.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, Refusal, type Outcome } from '../../server/user-errors.js';
import type { EducationErrorCode } from './errors.js';
import { createEducationStore } from './store.js';
import type { EducationRecordRow } from './tables.js';

export const INSTITUTION_LENGTH = { min: 2, max: 200 };
export const DEGREE_LENGTH = { min: 2, max: 120 };
export const FIELD_MAX_LENGTH = 120;
export const NOTE_MAX_LENGTH = 500;
export const EDUCATION_OFFICER_ROLE = 'EDUCATION_OFFICER';
const OFFICER_READ = { dataCategory: 'EDUCATION_RECORD', purpose: 'Verifying education records' };

export interface EducationViewer {
  accountId: number;
  roles: readonly string[];
}

export interface EducationUpdate {
  institution: string;
  degree: string;
  field?: string | null;
  graduationYear: number;
}

type Result<T> = Outcome<T, EducationErrorCode>;

const characters = (text: string) => [...text].length;
const within = (text: string, bounds: { min: number; max: number }) => characters(text) >= bounds.min && characters(text) <= bounds.max;

export const isOfficial = (record: EducationRecordRow) => record.status === 'VERIFIED';

export function createEducationService(deps: { db: Database; identity: IdentityService; registry: RegistryService; now: () => Date }) {
  const { identity, registry, now } = deps;
  const store = createEducationStore(deps.db);

  async function idNumberOf(accountId: number): Promise<string> {
    const account = await identity.findAccount(accountId);
    if (!account) throw new Error('account vanished');
    return account.personIdNumber;
  }

  /**
   * A person may always see who read their records: an officer shown someone
   * else's record leaves one access-log row per person, before the answer goes out.
   */
  async function logOfficerReads(officer: EducationViewer, personIdNumbers: readonly string[], requestId: string | null): Promise<void> {
    const own = await idNumberOf(officer.accountId);
    const others = [...new Set(personIdNumbers)].filter((idNumber) => idNumber !== own);
    if (others.length === 0) return;
    const name = (await registry.findPerson(own))?.nameEn ?? own;
    const occurredAt = now();
    await store.recordOfficerReads(others.map((personIdNumber) => ({
      personIdNumber, accessorKind: 'OFFICER', accessorId: String(officer.accountId), accessorName: name,
      accessorRole: EDUCATION_OFFICER_ROLE, ...OFFICER_READ, requestId, occurredAt,
    })));
  }

  return {
    idNumberOf,
    findRecords: (ids: readonly number[]) => store.findRecords(ids),
    recordsOf: (personIdNumber: string) => store.recordsOf(personIdNumber),
    countPending: () => store.countPending(),

    /** Up to `pageSize + 1` waiting records (the extra one only tells that a page follows); the page shown is logged. */
    async pending(officer: EducationViewer, pageSize: number, afterId: number | null, requestId: string | null): Promise<EducationRecordRow[]> {
      const rows = await store.pending(pageSize + 1, afterId);
      await logOfficerReads(officer, rows.slice(0, pageSize).map((row) => row.personIdNumber), requestId);
      return rows;
    },

    /** The record if the viewer owns it or is an education officer; otherwise null, as for an unknown ID. */
    async visibleTo(record: EducationRecordRow | null | undefined, viewer: EducationViewer, requestId: string | null): Promise<EducationRecordRow | null> {
      if (!record) return null;
      if (viewer.roles.includes(EDUCATION_OFFICER_ROLE)) {
        await logOfficerReads(viewer, [record.personIdNumber], requestId);
        return record;
      }
      return record.personIdNumber === (await idNumberOf(viewer.accountId)) ? record : null;
    },

    async submit(accountId: number, update: EducationUpdate): Promise<Result<EducationRecordRow>> {
      const institution = update.institution.trim();
      const degree = update.degree.trim();
      const field = update.field?.trim() || null;
      const personIdNumber = await idNumberOf(accountId);
      const person = await registry.findPerson(personIdNumber);
      const thisYear = now().getUTCFullYear();
      const bornIn = person ? Number(person.dateOfBirth.slice(0, 4)) : 1900;

      const refusals: Refusal<EducationErrorCode>[] = [];
      if (!within(institution, INSTITUTION_LENGTH)) refusals.push(new Refusal('INSTITUTION_INVALID', ['institution'], INSTITUTION_LENGTH));
      if (!within(degree, DEGREE_LENGTH)) refusals.push(new Refusal('DEGREE_INVALID', ['degree'], DEGREE_LENGTH));
      if (field !== null && characters(field) > FIELD_MAX_LENGTH) refusals.push(new Refusal('FIELD_TOO_LONG', ['field'], { max: FIELD_MAX_LENGTH }));
      if (update.graduationYear > thisYear || update.graduationYear < bornIn) {
        refusals.push(new Refusal('GRADUATION_YEAR_INVALID', ['graduationYear'], { year: thisYear }));
      }
      if (refusals.length > 0) return { ok: false, refusals };

      return store.atomically(async (tx): Promise<Result<EducationRecordRow>> => {
        const qualification = { institution, degree, graduationYear: update.graduationYear };
        if (await tx.standingDuplicate(personIdNumber, qualification)) return refuse('DUPLICATE_RECORD', ['degree']);
        return succeed(
          await tx.insertRecord({
            personIdNumber, ...qualification, fieldOfStudy: field,
            status: 'SUBMITTED', submittedByAccountId: accountId, createdAt: now(),
          }),
        );
      });
    },

    async decide(officer: EducationViewer, recordId: number | null, verify: boolean, noteText: string | null | undefined): Promise<Result<EducationRecordRow>> {
      const note = noteText?.trim() || null;
      if (!verify && note === null) return refuse('NOTE_REQUIRED', ['note']);
      if (note !== null && characters(note) > NOTE_MAX_LENGTH) return refuse('NOTE_TOO_LONG', ['note'], { max: NOTE_MAX_LENGTH });
      const found = recordId === null ? undefined : await store.findRecord(recordId);
      if (!found) return refuse('RECORD_NOT_FOUND', ['recordId']);
      if (found.personIdNumber === (await idNumberOf(officer.accountId))) return refuse('OWN_RECORD', ['recordId']);

      return store.atomically(async (tx): Promise<Result<EducationRecordRow>> => {
        // Checked again in the transaction: two officers deciding at once get one decision.
        if ((await tx.record(found.id))!.status !== 'SUBMITTED') return refuse('ALREADY_DECIDED', ['recordId']);
        const at = now();
        const record = await tx.updateRecord(found.id, {
          status: verify ? 'VERIFIED' : 'REJECTED', decidedByAccountId: officer.accountId, decisionNote: note, decidedAt: at,
        });
        const what = `${record.degree}, ${record.institution} (${record.graduationYear})`;
        await notify(tx.tx, verify
          ? {
            personIdNumber: record.personIdNumber,
            kind: 'EDUCATION_RECORD_VERIFIED',
            title: { en: 'Your qualification was verified', ar: 'تم التحقق من مؤهلك العلمي' },
            body: { en: `${what} is now part of your official education record.`, ar: `أصبح المؤهل ${what} جزءًا من سجلك التعليمي الرسمي.` },
            subjectId: toGlobalId('EducationRecord', record.id),
          }
          : {
            personIdNumber: record.personIdNumber,
            kind: 'EDUCATION_RECORD_REJECTED',
            title: { en: 'Your qualification was not verified', ar: 'لم يتم التحقق من مؤهلك العلمي' },
            body: { en: `${what} was not verified: ${note}`, ar: `لم يتم التحقق من المؤهل ${what}: ${note}` },
            subjectId: toGlobalId('EducationRecord', record.id),
          }, at);
        return succeed(record);
      });
    },
  };
}

export type EducationService = ReturnType<typeof createEducationService>;
