// The health record: encrypted at rest, every read in the person's access log,
// and the medication renewal workflow decided by health officers.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { healthRecords, medicationRenewals, prescriptions } from '../../src/modules/health/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { signedInWithRoles } from '../helpers/notifications.js';
import { gid, healthOps as ops } from '../helpers/health.js';
import { first } from '../../src/db/database.js';
import type { SqliteDatabase } from '../../src/db/sqlite.js';

let platform: TestPlatform;
let patient: SignedIn;
let other: SignedIn;
let officer: SignedIn;
let usedUp: number;
let withRefills: number;

const CANARIES = ['Penicillin', 'Type 2 diabetes', 'Metformin', 'Dr. Canary'];

beforeAll(async () => {
  platform = await startTestPlatform();
  [patient, other, officer] = await Promise.all([
    registerAccount(platform).then((a) => signInAccount(platform, a)),
    registerAccount(platform).then((a) => signInAccount(platform, a)),
    signedInWithRoles(platform, ['HEALTH_OFFICER']),
  ]);
  await platform.services.health.recordHealthData(patient.idNumber, { bloodType: 'O+', allergies: ['Penicillin'], conditions: ['Type 2 diabetes'] });
  usedUp = (await platform.services.health.addPrescription(patient.idNumber, {
    medication: 'Metformin', dosage: '500 mg twice a day', prescriber: 'Dr. Canary', refills: 3, refillsLeft: 0, prescribedOn: '2026-06-01', expiresOn: '2027-06-01',
  })).id;
  withRefills = (await platform.services.health.addPrescription(patient.idNumber, {
    medication: 'Atorvastatin', dosage: '20 mg at night', prescriber: 'Dr. Canary', refills: 2, prescribedOn: '2026-06-01', expiresOn: '2027-06-01',
  })).id;
});

afterAll(async () => {
  await platform.stop();
});

const logOf = async (idNumber: string) => platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, idNumber)).orderBy(accessLog.id);

describe('health record at rest', () => {
  it('keeps no clinical plaintext in the database, only ciphertext with a key ID', async () => {
    // The rows as stored, in plain SQL (no decryption on the way).
    type StoredRow = { ciphertext: string; key_id: string };
    const rows = [
      ...(await platform.db.rows<StoredRow>(platform.db.read, sql`select * from health_records`)),
      ...(await platform.db.rows<StoredRow>(platform.db.read, sql`select * from prescriptions`)),
    ];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.key_id).toMatch(/^hk-[0-9a-f]{16}$/);
      for (const canary of CANARIES) expect(JSON.stringify(row)).not.toContain(canary);
    }
    // SQLite: the file itself, once the write-ahead log is folded in (a
    // PostgreSQL server's files are not the test's to read).
    if (platform.db.dialect === 'sqlite') {
      const sqlite = platform.db as SqliteDatabase;
      sqlite.writer.$client.pragma('wal_checkpoint(TRUNCATE)');
      const file = fs.readFileSync(sqlite.path);
      for (const canary of CANARIES) expect(file.includes(Buffer.from(canary))).toBe(false);
    }
  });

  it('keeps the development key under the data folder, outside the database', () => {
    const keys = JSON.parse(fs.readFileSync(`${platform.dataDir}/keys/health-data-keys.json`, 'utf8')) as string[];
    expect(Buffer.from(keys[0]!, 'base64')).toHaveLength(32);
  });

  it('fails loudly, without details, on a tampered ciphertext', async () => {
    const row = (await first(platform.db.read.select().from(healthRecords).where(eq(healthRecords.personIdNumber, patient.idNumber))))!;
    const parts = row.ciphertext.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[2] = body.toString('base64url');
    const setCiphertext = (ciphertext: string) =>
      platform.db.atomically(async (tx) => {
        await tx.update(healthRecords).set({ ciphertext }).where(eq(healthRecords.personIdNumber, patient.idNumber));
      });
    await setCiphertext(parts.join('.'));
    const before = (await logOf(patient.idNumber)).length;
    try {
      const answer = await platform.gql<any>(ops.RECORD, {}, { token: patient.accessToken });
      expect(answer.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer)).not.toMatch(/ciphertext|aes|O\+/i);
      // The read failed, so no access was recorded either (same transaction).
      expect(await logOf(patient.idNumber)).toHaveLength(before);
    } finally {
      await setCiphertext(row.ciphertext);
    }
  });

  it('refuses a record copied onto another person\'s row', async () => {
    const row = (await first(platform.db.read.select().from(healthRecords).where(eq(healthRecords.personIdNumber, patient.idNumber))))!;
    await platform.db.atomically(async (tx) => {
      await tx.insert(healthRecords).values({ ...row, personIdNumber: other.idNumber });
    });
    try {
      const answer = await platform.gql<any>(ops.RECORD, {}, { token: other.accessToken });
      expect(answer.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await platform.db.atomically(async (tx) => {
        await tx.delete(healthRecords).where(eq(healthRecords.personIdNumber, other.idNumber));
      });
    }
  });
});

describe('reading the health record', () => {
  it('shows the person their record and writes one access-log entry per read, which they can read', async () => {
    const before = (await logOf(patient.idNumber)).length;
    const answer = await platform.gql<any>(ops.RECORD, {}, { token: patient.accessToken });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.me.healthRecord).toMatchObject({
      bloodType: 'O+', allergies: ['Penicillin'], conditions: ['Type 2 diabetes'],
      prescriptions: [
        { id: gid('Prescription', withRefills), medication: 'Atorvastatin', refillsLeft: 2, pendingRenewal: null },
        { id: gid('Prescription', usedUp), medication: 'Metformin', dosage: '500 mg twice a day', prescriber: 'Dr. Canary', refillsLeft: 0 },
      ],
    });
    await platform.gql<any>(ops.RECORD, {}, { token: patient.accessToken });
    const entries = (await logOf(patient.idNumber)).slice(before);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ accessorKind: 'PERSON', dataCategory: 'HEALTH_RECORD', purpose: 'OWN_RECORD', accessorId: expect.any(String) });
    expect(entries[0]!.requestId).not.toBe(entries[1]!.requestId);

    const log = await platform.gql<any>(ops.ACCESS_LOG, {}, { token: patient.accessToken });
    expect(log.data.me.accessLog.totalCount).toBe((await logOf(patient.idNumber)).length);
    expect(log.data.me.accessLog.edges[0].node).toMatchObject({ accessorKind: 'PERSON', dataCategory: 'HEALTH_RECORD' });
  });

  it('answers null, and logs nothing, for a person without health data', async () => {
    const answer = await platform.gql<any>(ops.RECORD, {}, { token: other.accessToken });
    expect(answer.data.me.healthRecord).toBeNull();
    expect(await logOf(other.idNumber)).toHaveLength(0);
    const log = await platform.gql<any>(ops.ACCESS_LOG, {}, { token: other.accessToken });
    expect(log.data.me.accessLog).toMatchObject({ totalCount: 0, edges: [] });
  });
});

describe('medication renewal', () => {
  let requestId: string;

  it('is refused while the prescription has refills left, and for someone else\'s prescription as for an unknown one', async () => {
    const left = await platform.gql<any>(ops.REQUEST_RENEWAL, { input: { prescriptionId: gid('Prescription', withRefills) } }, { token: patient.accessToken });
    expect(left.data.requestMedicationRenewal.userErrors.map((e: any) => e.code)).toEqual(['REFILLS_REMAINING']);
    const foreign = await platform.gql<any>(ops.REQUEST_RENEWAL, { input: { prescriptionId: gid('Prescription', usedUp) } }, { token: other.accessToken });
    const unknown = await platform.gql<any>(ops.REQUEST_RENEWAL, { input: { prescriptionId: gid('Prescription', 999_999) } }, { token: other.accessToken });
    expect(foreign).toEqual(unknown);
    expect(foreign.data.requestMedicationRenewal.userErrors.map((e: any) => e.code)).toEqual(['PRESCRIPTION_NOT_FOUND']);
    expect(await platform.db.read.select().from(medicationRenewals)).toHaveLength(0);
  });

  it('records one pending request for a prescription with no refills left', async () => {
    const first = await platform.gql<any>(ops.REQUEST_RENEWAL, { input: { prescriptionId: gid('Prescription', usedUp) } }, { token: patient.accessToken });
    expect(first.data.requestMedicationRenewal).toMatchObject({ renewalRequest: { status: 'PENDING', medication: 'Metformin', patientIdNumber: patient.idNumber }, userErrors: [] });
    requestId = first.data.requestMedicationRenewal.renewalRequest.id;
    const second = await platform.gql<any>(ops.REQUEST_RENEWAL, { input: { prescriptionId: gid('Prescription', usedUp) } }, { token: patient.accessToken });
    expect(second.data.requestMedicationRenewal.userErrors.map((e: any) => e.code)).toEqual(['RENEWAL_ALREADY_PENDING']);
    expect(await platform.db.read.select().from(medicationRenewals)).toHaveLength(1);
    const record = await platform.gql<any>(ops.RECORD, {}, { token: patient.accessToken });
    expect(record.data.me.healthRecord.prescriptions[1].pendingRenewal).toEqual({ id: requestId, status: 'PENDING' });
  });

  it('is FORBIDDEN to decide, or list, for anyone but a health officer', async () => {
    const decided = await platform.gql<any>(ops.DECIDE_RENEWAL, { input: { requestId, approve: true } }, { token: patient.accessToken });
    expect(decided.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await platform.gql<any>(ops.RENEWAL_QUEUE, {}, { token: other.accessToken });
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await first(platform.db.read.select().from(medicationRenewals)))!.status).toBe('PENDING');
  });

  it('shows the officer the queue, logging the read in the patient\'s access log', async () => {
    const before = (await logOf(patient.idNumber)).length;
    const queue = await platform.gql<any>(ops.RENEWAL_QUEUE, {}, { token: officer.accessToken });
    expect(queue.data.medicationRenewalRequests).toMatchObject({ totalCount: 1, edges: [{ node: { id: requestId, medication: 'Metformin', patientIdNumber: patient.idNumber } }] });
    expect((await logOf(patient.idNumber)).slice(before)).toEqual([
      expect.objectContaining({ accessorKind: 'OFFICER', accessorRole: 'HEALTH_OFFICER', purpose: 'MEDICATION_RENEWAL_REVIEW', dataCategory: 'PRESCRIPTIONS' }),
    ]);
  });

  it('restores the refills on approval, notifies the patient without naming the medication, and decides only once', async () => {
    const tooLong = await platform.gql<any>(ops.DECIDE_RENEWAL, { input: { requestId, approve: true, note: 'x'.repeat(501) } }, { token: officer.accessToken });
    expect(tooLong.data.decideMedicationRenewal.userErrors.map((e: any) => e.code)).toEqual(['NOTE_TOO_LONG']);

    const decided = await platform.gql<any>(ops.DECIDE_RENEWAL, { input: { requestId, approve: true, note: 'Renewed for 3 months' } }, { token: officer.accessToken });
    expect(decided.data.decideMedicationRenewal).toMatchObject({ renewalRequest: { id: requestId, status: 'APPROVED', decisionNote: 'Renewed for 3 months' }, userErrors: [] });
    expect((await first(platform.db.read.select().from(prescriptions).where(eq(prescriptions.id, usedUp))))!.refillsLeft).toBe(3);

    const sent = await platform.db.read.select().from(notifications).where(and(eq(notifications.personIdNumber, patient.idNumber), eq(notifications.kind, 'MEDICATION_RENEWAL_APPROVED')));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.titleAr).toMatch(/[\u0600-\u06FF]/);
    for (const canary of CANARIES) expect(JSON.stringify(sent[0])).not.toContain(canary);

    const again = await platform.gql<any>(ops.DECIDE_RENEWAL, { input: { requestId, approve: false } }, { token: officer.accessToken });
    expect(again.data.decideMedicationRenewal.userErrors.map((e: any) => e.code)).toEqual(['RENEWAL_ALREADY_DECIDED']);
    const unknown = await platform.gql<any>(ops.DECIDE_RENEWAL, { input: { requestId: gid('MedicationRenewalRequest', 999_999), approve: true } }, { token: officer.accessToken });
    expect(unknown.data.decideMedicationRenewal.userErrors.map((e: any) => e.code)).toEqual(['RENEWAL_NOT_FOUND']);
  });
});
