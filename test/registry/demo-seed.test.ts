// The development demo data set: loaded on the first start with
// SEED_DEMO_DATA=yes, usable at once (an officer signs in), never loaded twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { signInAccount } from '../helpers/people.js';
import { DEMO_ACCOUNTS, DEMO_OFFICER_PASSWORD, DEMO_PERSON_PASSWORD, seedDemoData } from '../../src/modules/demo/seed.js';
import { passwordProblem } from '../../src/auth/passwords.js';
import { createLogger } from '../../src/server/logger.js';
import { capturedLog } from '../helpers/captured-log.js';

const COUNTED = [
  'registry_persons', 'registry_documents', 'registry_vehicles', 'traffic_violations', 'registry_family_links',
  'registry_parentage', 'bills', 'payments', 'accounts', 'health_facilities', 'appointment_slots',
];

const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-demo-'));
const env = { SEED_DEMO_DATA: 'yes', DATABASE_URL: `file:${path.join(dbDir, 'demo.db')}` };
let platform: TestPlatform;

const counts = (p: TestPlatform) =>
  Object.fromEntries(COUNTED.map((table) => [table, p.db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]));

const firstStartLog = capturedLog('info');
beforeAll(async () => {
  platform = await startTestPlatform(env, { logger: firstStartLog.logger });
});

afterAll(async () => {
  await platform?.stop();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const ME = `{ me { username person { idNumber kind } } }`;
const OBJECTIONS = `{ pendingViolationObjections(first: 5) { totalCount } }`;
const CITIZEN_VIEW = `{ me {
  documents { type number expiresOn }
  trafficViolations(first: 10) { edges { node { number amount { amount } status bill { status } } } }
} }`;

describe('demo data set', () => {
  it('loads the people, their documents, violations with bills, families, facilities and accounts', () => {
    expect(counts(platform)).toMatchObject({
      registry_persons: 15, registry_documents: 27, registry_vehicles: 4, traffic_violations: 5, registry_family_links: 4,
      registry_parentage: 5, bills: 5, accounts: DEMO_ACCOUNTS.length, health_facilities: 3,
    });
    expect(counts(platform).appointment_slots).toBeGreaterThan(0);
    const kinds = platform.db.$client.prepare('SELECT kind, count(*) AS n FROM registry_persons GROUP BY kind ORDER BY kind').all();
    expect(kinds).toEqual([{ kind: 'CITIZEN', n: 10 }, { kind: 'RESIDENT', n: 5 }]);
    // The resident with a spouse and two children.
    const family = platform.db.$client.prepare("SELECT relationship FROM registry_family_links WHERE guardian_id_number = '2010000137' ORDER BY relationship").pluck().all();
    expect(family).toEqual(['CHILD', 'CHILD', 'SPOUSE']);
    const roles = platform.db.$client.prepare('SELECT username, roles FROM accounts ORDER BY id').all() as Array<{ username: string; roles: string }>;
    expect(roles.map((r) => [r.username, JSON.parse(r.roles)])).toEqual(DEMO_ACCOUNTS.map((a) => [a.username, a.roles]));
    expect(platform.db.$client.prepare('SELECT count(*) FROM accounts WHERE email_verified_at IS NULL').pluck().get()).toBe(0);
  });

  it('pays one demo violation through the payment service', () => {
    const paid = platform.db.$client
      .prepare(`SELECT v.status AS violation, b.status AS bill, p.status AS payment, p.receipt_number AS receipt
                FROM traffic_violations v JOIN bills b ON b.kind = 'TRAFFIC_VIOLATION' AND b.subject_id = CAST(v.id AS TEXT)
                JOIN payments p ON p.id = b.paid_by_payment_id WHERE v.number = 'V-DEMO-0003'`)
      .get();
    expect(paid).toEqual({ violation: 'PAID', bill: 'PAID', payment: 'SUCCEEDED', receipt: expect.any(String) });
    expect(platform.db.$client.prepare("SELECT count(*) FROM traffic_violations WHERE status = 'UNPAID'").pluck().get()).toBe(4);
  });

  it('uses passwords that pass the password policy', () => {
    expect(passwordProblem(DEMO_PERSON_PASSWORD)).toBeNull();
    expect(passwordProblem(DEMO_OFFICER_PASSWORD)).toBeNull();
    for (const account of DEMO_ACCOUNTS) expect(passwordProblem(account.password, { username: account.username })).toBeNull();
  });

  it('lets an officer sign in and use the officer role, and a citizen sign in without it', async () => {
    const mobileOf = (idNumber: string) =>
      platform.db.$client.prepare('SELECT mobile FROM registry_persons WHERE id_number = ?').pluck().get(idNumber) as string;
    const officerAccount = DEMO_ACCOUNTS.find((a) => a.username === 'traffic.officer')!;
    const officer = await signInAccount(platform, {
      username: officerAccount.username, password: officerAccount.password, idNumber: officerAccount.personIdNumber,
      mobile: mobileOf(officerAccount.personIdNumber), dateOfBirth: '', accountId: '',
    });
    const me = await platform.gql<any>(ME, {}, { token: officer.accessToken });
    expect(me.data.me).toEqual({ username: 'traffic.officer', person: { idNumber: '1010000147', kind: 'CITIZEN' } });
    const queue = await platform.gql<any>(OBJECTIONS, {}, { token: officer.accessToken });
    expect(queue.errors).toBeUndefined();
    expect(queue.data.pendingViolationObjections.totalCount).toBe(0);

    const citizen = await signInAccount(platform, {
      username: 'ahmed.alharbi', password: DEMO_PERSON_PASSWORD, idNumber: '1010000105', mobile: mobileOf('1010000105'), dateOfBirth: '', accountId: '',
    });
    const refused = await platform.gql<any>(OBJECTIONS, {}, { token: citizen.accessToken });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The citizen sees the demo set through the public contract.
    const mine = await platform.gql<any>(CITIZEN_VIEW, {}, { token: citizen.accessToken });
    expect(mine.errors).toBeUndefined();
    const violations = mine.data.me.trafficViolations.edges.map((e: any) => [e.node.number, e.node.amount.amount, e.node.status, e.node.bill?.status]);
    expect(violations.sort()).toEqual([
      ['V-DEMO-0001', '300.00', 'UNPAID', 'UNPAID'],
      ['V-DEMO-0002', '150.00', 'UNPAID', 'UNPAID'],
      ['V-DEMO-0003', '150.00', 'PAID', 'PAID'],
    ]);
    expect(mine.data.me.documents.map((d: any) => d.type).sort()).toEqual(['DRIVING_LICENSE', 'NATIONAL_ID', 'PASSPORT', 'VEHICLE_REGISTRATION', 'VEHICLE_REGISTRATION']);
  });

  it('tells the developer every demo account and its password once, when it loads them', () => {
    const notices = firstStartLog.text().split('\n').filter((line) => line.includes('demo data loaded'));
    expect(notices).toHaveLength(1);
    const { msg } = JSON.parse(notices[0]!) as { msg: string };
    for (const account of DEMO_ACCOUNTS) expect(msg).toMatch(new RegExp(`\\b${account.username.replace('.', '\\.')}\\b[^\\n]*password ${account.password}`));
  });

  it('does not load anything again on a second start, nor tell the accounts again', async () => {
    const before = counts(platform);
    await platform.stop();
    const secondStartLog = capturedLog('info');
    platform = await startTestPlatform(env, { logger: secondStartLog.logger });
    expect(counts(platform)).toEqual(before);
    expect(secondStartLog.text()).toMatch(/serving http/);
    expect(secondStartLog.text()).not.toMatch(/demo data loaded|Palm-Oasis|Falcon-Desk/);
  });

  it('finishes an interrupted seed without duplicating what was already there', async () => {
    const before = counts(platform);
    const admin = platform.db.$client.prepare("SELECT id FROM accounts WHERE username = 'admin'").pluck().get();
    // As if the first start had stopped just before creating the last account.
    // Making that state means removing an audit row, which the database
    // refuses by design: the test lifts the guard for this one fabrication.
    platform.db.$client.exec('DROP TRIGGER security_events_append_only_delete');
    platform.db.$client.prepare('DELETE FROM security_events WHERE account_id = ?').run(admin);
    platform.db.$client.prepare('DELETE FROM accounts WHERE id = ?').run(admin);

    await seedDemoData(platform.db, platform.services, createLogger({ level: 'silent' }));

    expect(counts(platform)).toEqual(before);
    expect(platform.db.$client.prepare("SELECT roles FROM accounts WHERE username = 'admin'").pluck().get()).toBe('["ADMIN"]');
  });
});
