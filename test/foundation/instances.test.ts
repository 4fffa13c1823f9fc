// Two server processes on one database, as behind a load balancer: every
// guarantee that must hold "exactly once" is sent to both at the same time,
// and must hold on the database, not in either process's memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount, signInAccount, type Registered, type SignedIn } from '../helpers/people.js';
import { addBill } from '../helpers/violations.js';
import { facilityWithSlots } from '../helpers/health.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { gqlAt, startInstance, type Instance } from '../helpers/instances.js';
import { recordFigure } from '../helpers/figures.js';
import { first } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { appointments } from '../../src/modules/health/tables.js';
import { authThrottles, sessions } from '../../src/modules/identity/tables.js';
import { bills, payments } from '../../src/modules/payments/tables.js';
import { registryDocuments } from '../../src/modules/registry/tables.js';
import { readSimulatedGatewayJournal, SIMULATED_GATEWAY_JOURNAL } from '../../src/modules/payments/gateway.js';
import { buildManifest } from '../../src/server/persisted-operations.js';

let dataDir: string;
let database: TestDatabase;
let db: Database;
let setup: TestPlatform;
let a: Instance;
let b: Instance;

const PAY = `mutation($input: PayBillsInput!) { payBills(input: $input) { payment { id status receiptNumber } userErrors { code } } }`;
const BOOK = `mutation($input: BookAppointmentInput!) { bookAppointment(input: $input) { appointment { id } userErrors { code } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { challenge { id } userErrors { code } } }`;
const VERIFY = `mutation($input: VerifySignInInput!) { verifySignIn(input: $input) { session { accessToken refreshToken } userErrors { code } } }`;
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { session { accessToken refreshToken } userErrors { code } } }`;

/** Splits `count` requests between the two instances, all sent at once. */
const acrossBoth = <T>(count: number, send: (url: string, i: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, i) => send(i % 2 ? b.url : a.url, i)));

let person: SignedIn;
let people: SignedIn[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-instances-'));
  database = await createTestDatabase(dataDir);
  // The data (and the development keys, kept in DATA_DIR) are made by an
  // in-process platform; both instances then share the database, the keys,
  // the outbox and the simulated gateway's journal, as instances of one
  // deployment share their configuration.
  const env = { DATA_DIR: dataDir, DATABASE_URL: database.url, OUTBOX_FILE: path.join(dataDir, 'outbox.jsonl') };
  setup = await startTestPlatform(env);
  person = await signInAccount(setup, await registerAccount(setup));
  people = await Promise.all(Array.from({ length: 4 }, async () => signInAccount(setup, await registerAccount(setup))));
  [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  db = await openDatabase(loadConfig({ DATABASE_URL: database.url }).database);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.close();
  await setup?.stop();
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const charges = () => readSimulatedGatewayJournal(path.join(dataDir, SIMULATED_GATEWAY_JOURNAL)).filter((entry) => entry.result.outcome === 'APPROVED');

describe('two instances on one database', () => {
  it('charge once for 100 same-key payments split across them, and answer them all alike', async ({ task }) => {
    const { billId } = await addBill(setup, person.idNumber, 12_345);
    const before = charges().length;
    const input = { billIds: [billId], idempotencyKey: 'two-instances-one-key', paymentMethod: { cardToken: 'tok_visa' } };
    const answers = await acrossBoth(100, (url) => gqlAt(url, PAY, { input }, person.accessToken));
    const charged = charges().length - before;
    recordFigure(task, { item: 'F1', name: 'gateway charges for 100 same-key payBills split across two instances', value: charged, expected: 1 });
    expect(charged).toBe(1);
    const seen = new Set(answers.map((answer) => JSON.stringify(answer.data.payBills)));
    expect([...seen]).toHaveLength(1);
    expect(answers[0]!.data.payBills.payment).toMatchObject({ status: 'SUCCEEDED', receiptNumber: expect.any(String) });
  });

  it('let exactly one of 50 payments with different keys pay one bill', async ({ task }) => {
    const { bill, billId } = await addBill(setup, person.idNumber, 5_000);
    const answers = await acrossBoth(50, (url, i) =>
      gqlAt(url, PAY, { input: { billIds: [billId], idempotencyKey: `two-instances-${i}`, paymentMethod: { cardToken: 'tok_visa' } } }, person.accessToken),
    );
    const succeeded = answers.filter((answer) => answer.data.payBills.payment?.status === 'SUCCEEDED');
    recordFigure(task, { item: 'F3', name: 'successes among 50 payments of one bill split across two instances', value: succeeded.length, expected: 1 });
    expect(succeeded).toHaveLength(1);
    const paid = await db.read.select().from(payments).where(eq(payments.status, 'SUCCEEDED'));
    expect((await first(db.read.select().from(bills).where(eq(bills.id, bill.id))))?.status).toBe('PAID');
    expect(paid.filter((payment) => payment.amountHalalas === 5_000)).toHaveLength(1);
  });

  it('give a slot to exactly one of 20 bookings split across them', async ({ task }) => {
    const { slots, slotGids } = await facilityWithSlots(setup, [300]);
    const answers = await acrossBoth(20, (url, i) => gqlAt(url, BOOK, { input: { slotId: slotGids[0] } }, people[i % people.length]!.accessToken));
    const booked = answers.filter((answer) => answer.data.bookAppointment.appointment);
    recordFigure(task, { item: 'F3', name: 'successes among 20 bookings of one slot split across two instances', value: booked.length, expected: 1 });
    expect(booked).toHaveLength(1);
    expect(answers.filter((answer) => !answer.data.bookAppointment.appointment).map((answer) => answer.data.bookAppointment.userErrors[0].code)).toEqual(
      Array.from({ length: 19 }, () => 'SLOT_UNAVAILABLE'),
    );
    expect(await db.read.select().from(appointments).where(and(eq(appointments.slotId, slots[0]!.id), eq(appointments.status, 'BOOKED')))).toHaveLength(1);
  });

  it('open one session for two right codes to one challenge, one sent to each', async ({ task }) => {
    const account: Registered = await registerAccount(setup);
    const started = await gqlAt(a.url, SIGN_IN, { input: { username: account.username, password: account.password } });
    const challengeId = started.data.signIn.challenge.id;
    const code = setup.lastCode(account.mobile);
    const answers = await Promise.all([a.url, b.url].map((url) => gqlAt(url, VERIFY, { input: { challengeId, code } })));
    const opened = answers.filter((answer) => answer.data.verifySignIn.session !== null);
    recordFigure(task, { item: 'E6', name: 'sessions from two right codes for one challenge, one per instance', value: opened.length, expected: 1 });
    expect(opened).toHaveLength(1);
  });

  it('end the session when a refresh token used on one is replayed on the other', async () => {
    const session = await signInAccount(setup, await registerAccount(setup));
    const rotated = await gqlAt(a.url, REFRESH, { input: { refreshToken: session.refreshToken } });
    expect(rotated.data.refreshSession.session).not.toBeNull();
    const replayed = await gqlAt(b.url, REFRESH, { input: { refreshToken: session.refreshToken } });
    expect(replayed.data.refreshSession.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    // The rightful holder's newer pair died with the session, on either instance.
    expect((await gqlAt(a.url, REFRESH, { input: { refreshToken: rotated.data.refreshSession.session.refreshToken } })).data.refreshSession.userErrors[0].code).toBe(
      'INVALID_REFRESH_TOKEN',
    );
    expect((await gqlAt(b.url, '{ me { id } }', {}, rotated.data.refreshSession.session.accessToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await db.read.select().from(sessions).where(eq(sessions.id, JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()).sid)))[0]?.revokedAt).not.toBeNull();
  });

  it('count every one of 50 wrong passwords split across them', async ({ task }) => {
    const account = await registerAccount(setup);
    await acrossBoth(50, (url) => gqlAt(url, SIGN_IN, { input: { username: account.username, password: 'wrong password 123' } }));
    const row = await first(db.read.select().from(authThrottles).where(eq(authThrottles.key, `user-ip:${account.username.toLowerCase()}|127.0.0.1`)));
    recordFigure(task, { item: 'E4', name: 'failures counted after 50 wrong passwords split across two instances', value: row?.failures ?? 0, expected: 50 });
    expect(row?.failures).toBe(50);
  });

  it('hold a partner to its quota once, not once per instance', async ({ task }) => {
    const quota = 6;
    const partner = await setup.services.partners.create({ name: 'Bank of two instances', scopes: ['documents:verify'], requestsPerMinute: quota });
    const token = (
      (await (
        await fetch(`${a.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: partner.clientId, client_secret: partner.clientSecret }).toString(),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const holder = await addRegistryPerson(setup);
    await db.atomically(async (tx) => {
      await tx.insert(registryDocuments).values({ personIdNumber: holder.idNumber, type: 'DRIVING_LICENSE', number: `DL-${holder.idNumber}`, issuedOn: '2022-01-01', expiresOn: '2099-01-01' });
    });
    const sha256Hash = buildManifest().operations.find((operation) => operation.name === 'VerifyDocument')!.id;
    const statuses = await acrossBoth(2 * quota, async (url) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } }, variables: { idNumber: holder.idNumber, documentNumber: `DL-${holder.idNumber}` } }),
      });
      return response.status;
    });
    const served = statuses.filter((status) => status === 200).length;
    recordFigure(task, { item: 'quota', name: `partner requests served of ${2 * quota} split across two instances (quota ${quota}/min)`, value: served, expected: quota });
    expect(served).toBe(quota);
    expect(statuses.filter((status) => status === 429)).toHaveLength(quota);
  });
});
