// The development demo data set: loaded on the first start with
// SEED_DEMO_DATA=yes, usable at once (an officer signs in), never loaded twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { first, type Database, type Tx } from '../../src/db/database.js';
import { familyLinks, registryDocuments, registryParentage, registryPersons, registryVehicles, trafficViolations } from '../../src/modules/registry/tables.js';
import { bills, payments } from '../../src/modules/payments/tables.js';
import { accounts, securityEvents } from '../../src/modules/identity/tables.js';
import { appointmentSlots, healthFacilities } from '../../src/modules/health/tables.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { signInAccount } from '../helpers/people.js';
import { DEMO_ACCOUNTS, DEMO_OFFICER_PASSWORD, DEMO_PERSON_PASSWORD, seedDemoData } from '../../src/modules/demo/seed.js';
import { passwordProblem } from '../../src/auth/passwords.js';
import { createLogger } from '../../src/server/logger.js';
import { capturedLog } from '../helpers/captured-log.js';

const COUNTED = {
  registry_persons: registryPersons,
  registry_documents: registryDocuments,
  registry_vehicles: registryVehicles,
  traffic_violations: trafficViolations,
  registry_family_links: familyLinks,
  registry_parentage: registryParentage,
  bills,
  payments,
  accounts,
  health_facilities: healthFacilities,
  appointment_slots: appointmentSlots,
};

// One database for the whole file: the second start must find what the first loaded.
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-demo-'));
let database: TestDatabase;
let env: Record<string, string>;
let platform: TestPlatform;

async function counts(p: TestPlatform): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const [name, table] of Object.entries(COUNTED)) found[name] = (await first(p.db.read.select({ n: count() }).from(table)))!.n;
  return found;
}

/**
 * Lifts the database's guard against deleting audit rows (append-only by
 * design), in the transaction `tx`, for a test that must fabricate a state.
 */
async function liftAuditDeleteGuard(db: Database, tx: Tx): Promise<void> {
  // DDL is not a statement the query builder says: raw SQL, in `tx`.
  await db.exec(tx, db.dialect === 'sqlite' ? sql`DROP TRIGGER security_events_append_only_delete` : sql`DROP TRIGGER security_events_append_only ON security_events`);
}

const firstStartLog = capturedLog('info');
beforeAll(async () => {
  database = await createTestDatabase(dbDir, 'demo');
  env = { SEED_DEMO_DATA: 'yes', DATABASE_URL: database.url };
  platform = await startTestPlatform(env, { logger: firstStartLog.logger });
});

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const ME = `{ me { username person { idNumber kind } } }`;
const OBJECTIONS = `{ pendingViolationObjections(first: 5) { totalCount } }`;
const CITIZEN_VIEW = `{ me {
  documents { type number expiresOn }
  trafficViolations(first: 10) { edges { node { number amount { amount } status bill { status } } } }
} }`;

describe('demo data set', () => {
  it('loads the people, their documents, violations with bills, families, facilities and accounts', async () => {
    const loaded = await counts(platform);
    expect(loaded).toMatchObject({
      registry_persons: 15, registry_documents: 27, registry_vehicles: 4, traffic_violations: 5, registry_family_links: 4,
      registry_parentage: 5, bills: 5, accounts: DEMO_ACCOUNTS.length, health_facilities: 3,
    });
    expect(loaded.appointment_slots).toBeGreaterThan(0);
    const read = platform.db.read;
    const kinds = await read.select({ kind: registryPersons.kind, n: count() }).from(registryPersons).groupBy(registryPersons.kind).orderBy(registryPersons.kind);
    expect(kinds).toEqual([{ kind: 'CITIZEN', n: 10 }, { kind: 'RESIDENT', n: 5 }]);
    // The resident with a spouse and two children.
    const family = await read
      .select({ relationship: familyLinks.relationship })
      .from(familyLinks)
      .where(eq(familyLinks.guardianIdNumber, '2010000137'))
      .orderBy(familyLinks.relationship);
    expect(family.map((link) => link.relationship)).toEqual(['CHILD', 'CHILD', 'SPOUSE']);
    const roles = await read.select({ username: accounts.username, roles: accounts.roles }).from(accounts).orderBy(asc(accounts.id));
    expect(roles.map((r) => [r.username, r.roles])).toEqual(DEMO_ACCOUNTS.map((a) => [a.username, a.roles]));
    expect((await first(read.select({ n: count() }).from(accounts).where(isNull(accounts.emailVerifiedAt))))!.n).toBe(0);
  });

  it('pays one demo violation through the payment service', async () => {
    const paid = await first(
      platform.db.read
        .select({ violation: trafficViolations.status, bill: bills.status, payment: payments.status, receipt: payments.receiptNumber })
        .from(trafficViolations)
        .innerJoin(bills, and(eq(bills.kind, 'TRAFFIC_VIOLATION'), eq(bills.subjectId, sql`CAST(${trafficViolations.id} AS TEXT)`)))
        .innerJoin(payments, eq(payments.id, bills.paidByPaymentId))
        .where(eq(trafficViolations.number, 'V-DEMO-0003')),
    );
    expect(paid).toEqual({ violation: 'PAID', bill: 'PAID', payment: 'SUCCEEDED', receipt: expect.any(String) });
    expect((await first(platform.db.read.select({ n: count() }).from(trafficViolations).where(eq(trafficViolations.status, 'UNPAID'))))!.n).toBe(4);
  });

  it('uses passwords that pass the password policy', () => {
    expect(passwordProblem(DEMO_PERSON_PASSWORD)).toBeNull();
    expect(passwordProblem(DEMO_OFFICER_PASSWORD)).toBeNull();
    for (const account of DEMO_ACCOUNTS) expect(passwordProblem(account.password, { username: account.username })).toBeNull();
  });

  it('lets an officer sign in and use the officer role, and a citizen sign in without it', async () => {
    const mobileOf = async (idNumber: string) =>
      (await first(platform.db.read.select({ mobile: registryPersons.mobile }).from(registryPersons).where(eq(registryPersons.idNumber, idNumber))))!.mobile;
    const officerAccount = DEMO_ACCOUNTS.find((a) => a.username === 'traffic.officer')!;
    const officer = await signInAccount(platform, {
      username: officerAccount.username, password: officerAccount.password, idNumber: officerAccount.personIdNumber,
      mobile: await mobileOf(officerAccount.personIdNumber), dateOfBirth: '', accountId: '',
    });
    const me = await platform.gql<any>(ME, {}, { token: officer.accessToken });
    expect(me.data.me).toEqual({ username: 'traffic.officer', person: { idNumber: '1010000147', kind: 'CITIZEN' } });
    const queue = await platform.gql<any>(OBJECTIONS, {}, { token: officer.accessToken });
    expect(queue.errors).toBeUndefined();
    expect(queue.data.pendingViolationObjections.totalCount).toBe(0);

    const citizen = await signInAccount(platform, {
      username: 'ahmed.alharbi', password: DEMO_PERSON_PASSWORD, idNumber: '1010000105', mobile: await mobileOf('1010000105'), dateOfBirth: '', accountId: '',
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
    const before = await counts(platform);
    await platform.stop();
    const secondStartLog = capturedLog('info');
    platform = await startTestPlatform(env, { logger: secondStartLog.logger });
    expect(await counts(platform)).toEqual(before);
    expect(secondStartLog.text()).toMatch(/serving http/);
    expect(secondStartLog.text()).not.toMatch(/demo data loaded|Palm-Oasis|Falcon-Desk/);
  });

  it('finishes an interrupted seed without duplicating what was already there', async () => {
    const before = await counts(platform);
    const admin = (await first(platform.db.read.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin'))))!.id;
    // As if the first start had stopped just before creating the last account.
    // Making that state means removing an audit row, which the database
    // refuses by design: the test lifts the guard for this one fabrication.
    await platform.db.atomically(async (tx) => {
      await liftAuditDeleteGuard(platform.db, tx);
      await tx.delete(securityEvents).where(eq(securityEvents.accountId, admin));
      await tx.delete(accounts).where(eq(accounts.id, admin));
    });

    await seedDemoData(platform.db, platform.services, createLogger({ level: 'silent' }));

    expect(await counts(platform)).toEqual(before);
    expect((await first(platform.db.read.select({ roles: accounts.roles }).from(accounts).where(eq(accounts.username, 'admin'))))?.roles).toEqual(['ADMIN']);
  });
});
