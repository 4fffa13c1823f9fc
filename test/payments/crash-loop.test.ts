// Checklist F6, the crash loop: the real server runs as a child process, pays
// bills over HTTP in a loop (new keys, retries of earlier keys, concurrent
// requests, a few bad cards) and is SIGKILLed at a random point, many times.
// After every kill the database must be intact, every payment whose SUCCEEDED
// answer reached the client must be there with its receipt and paid bills, no
// bill is paid twice, the ledger balances, and the simulated gateway's journal
// (kept in DATA_DIR like a real gateway's records) shows nothing charged
// without a payment recorded and nothing charged twice once the leftovers are
// settled. The settling runs on a copy, so the next child meets exactly what
// the crash left and settles it itself. It runs on the dialect under test
// (a SQLite file, or a PostgreSQL database copied by TEMPLATE for settling).
//
// The random choices come from a seeded generator: a failure names its seed,
// and CRASH_LOOP_SEED=<seed> replays the same choices (timing still varies).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { and, eq, isNull } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addBill, addViolation } from '../helpers/violations.js';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/open.js';
import type { Database } from '../../src/db/database.js';
import type { SqliteDatabase } from '../../src/db/sqlite.js';
import { createTestDatabase, onAdminConnection, postgresUrlFor, testDialect, type TestDatabase } from '../helpers/test-database.js';
import { bills, payments, paymentBills, refunds } from '../../src/modules/payments/tables.js';
import { readSimulatedGatewayJournal, SIMULATED_GATEWAY_JOURNAL } from '../../src/modules/payments/gateway.js';
import { createServices } from '../../src/server/services.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/server/logger.js';
import { createOutboxSender } from '../../src/modules/messaging/sender.js';
import { localIntIdOf, toGlobalId } from '../../src/server/global-id.js';
import type { TokenService } from '../../src/auth/tokens.js';

const SEED = process.env.CRASH_LOOP_SEED ? Number(process.env.CRASH_LOOP_SEED) : Math.floor(Math.random() * 2 ** 31);
const CYCLES = 10;
/** Bills kept open before each start, so every cycle has something to pay. */
const OPEN_BILLS = 60;
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const PAY = `mutation($input: PayBillsInput!) {
  payBills(input: $input) {
    payment { id status receiptNumber bills { id status } }
    userErrors { code }
  }
}`;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(SEED);
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Acknowledged {
  paymentId: number;
  receiptNumber: string;
  billIds: number[];
  key: string;
}

interface SentRequest {
  key: string;
  billIds: number[];
  cardToken: string;
}

let dataDir: string;
let database: TestDatabase;
let journalFile: string;
let person: SignedIn;

const acknowledged = new Map<number, Acknowledged>();
const sent: SentRequest[] = [];
const violations: string[] = [];
const figures = { kills: 0, killedDuringStartup: 0, integrityPasses: 0, requests: 0, acknowledgedSucceeded: 0, settledByRecovery: 0, lost: new Set<number>() };
let keys = 0;

const childEnv = () => ({
  ...process.env,
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DATABASE_URL: database.url,
  OUTBOX_FILE: path.join(dataDir, 'outbox.jsonl'),
  SEED_DEMO_DATA: 'no',
  LOG_LEVEL: 'info',
});

const open = (url: string) => openDatabase(loadConfig({ DATABASE_URL: url }).database);

/** Bills are added while no server runs, through the same builders as the other payment tests. */
async function topUpBills(db: Database): Promise<void> {
  const open = (
    await db.read
      .select({ id: bills.id })
      .from(bills)
      .where(and(eq(bills.personIdNumber, person.idNumber), eq(bills.status, 'UNPAID'), isNull(bills.reservedByPaymentId)))
  ).length;
  const asPlatform = { db } as TestPlatform;
  for (let i = open; i < OPEN_BILLS; i++) {
    const amount = between(1, 500) * 100 + between(0, 99);
    if (random() < 0.5) await addViolation(asPlatform, person.idNumber, { amountHalalas: amount });
    else await addBill(asPlatform, person.idNumber, amount);
  }
}

async function unpaidBillIds(db: Database): Promise<number[]> {
  const rows = await db.read
    .select({ id: bills.id })
    .from(bills)
    .where(and(eq(bills.personIdNumber, person.idNumber), eq(bills.status, 'UNPAID')));
  return rows.map((b) => b.id);
}

/** Every rule the data must keep after a crash; `settled` adds what must hold once leftovers are settled. */
async function checkInvariants(db: Database, when: string, settled: boolean): Promise<void> {
  const fail = (message: string) => violations.push(`[seed ${SEED}] ${when}: ${message}`);
  const paymentRows = await db.read.select().from(payments);
  const paymentById = new Map(paymentRows.map((p) => [p.id, p]));
  const links = await db.read.select().from(paymentBills);
  const billRows = await db.read.select().from(bills);
  const refundRows = await db.read.select().from(refunds);
  const billsOf = (paymentId: number) => links.filter((l) => l.paymentId === paymentId).map((l) => l.billId).sort((a, b) => a - b);
  const billById = new Map(billRows.map((b) => [b.id, b]));

  // Acknowledged payments are never lost.
  for (const ack of acknowledged.values()) {
    const payment = paymentById.get(ack.paymentId);
    const problems: string[] = [];
    if (!payment) problems.push('missing');
    else {
      if (payment.status !== 'SUCCEEDED') problems.push(`status ${payment.status}`);
      if (payment.receiptNumber !== ack.receiptNumber) problems.push(`receipt ${payment.receiptNumber} instead of ${ack.receiptNumber}`);
      if (JSON.stringify(billsOf(payment.id)) !== JSON.stringify(ack.billIds)) problems.push(`bills ${billsOf(payment.id).join(',')} instead of ${ack.billIds.join(',')}`);
      for (const billId of ack.billIds) {
        const bill = billById.get(billId);
        if (bill?.status !== 'PAID' || bill.paidByPaymentId !== payment.id) problems.push(`bill ${billId} is ${bill?.status} by ${bill?.paidByPaymentId}`);
      }
    }
    if (problems.length) {
      figures.lost.add(ack.paymentId);
      fail(`acknowledged payment ${ack.paymentId} (key ${ack.key}): ${problems.join('; ')}`);
    }
  }

  // Every succeeded payment has its receipt and an amount equal to its bills.
  for (const payment of paymentRows.filter((p) => p.status === 'SUCCEEDED')) {
    if (!payment.receiptNumber) fail(`payment ${payment.id} SUCCEEDED without a receipt`);
    const total = links.filter((l) => l.paymentId === payment.id).reduce((sum, l) => sum + l.amountHalalas, 0);
    if (total !== payment.amountHalalas) fail(`payment ${payment.id} is ${payment.amountHalalas} but its bills make ${total}`);
  }

  // No bill paid twice; a paid bill names a succeeded payment that holds it; reservations belong to running attempts.
  for (const bill of billRows) {
    const succeededWithIt = links.filter((l) => l.billId === bill.id && paymentById.get(l.paymentId)?.status === 'SUCCEEDED');
    const refunded = refundRows.filter((r) => r.billId === bill.id).length;
    if (succeededWithIt.length - refunded > 1) fail(`bill ${bill.id} paid by ${succeededWithIt.map((l) => l.paymentId).join(' and ')}`);
    if (bill.status === 'PAID') {
      const payer = bill.paidByPaymentId === null ? undefined : paymentById.get(bill.paidByPaymentId);
      if (payer?.status !== 'SUCCEEDED' || !succeededWithIt.some((l) => l.paymentId === payer.id)) {
        fail(`bill ${bill.id} PAID by ${bill.paidByPaymentId} (${payer?.status ?? 'no payment'})`);
      }
    } else if (succeededWithIt.length - refunded > 0) {
      fail(`bill ${bill.id} is ${bill.status} although payment ${succeededWithIt[0]!.paymentId} SUCCEEDED with it`);
    }
    if (bill.reservedByPaymentId !== null) {
      const holder = paymentById.get(bill.reservedByPaymentId);
      if (holder?.status !== 'PENDING') fail(`bill ${bill.id} still reserved by finished payment ${bill.reservedByPaymentId} (${holder?.status})`);
      else if (settled) fail(`bill ${bill.id} still reserved by payment ${holder.id} after settling`);
    }
  }

  // The ledger balances.
  const succeededTotal = paymentRows.filter((p) => p.status === 'SUCCEEDED').reduce((sum, p) => sum + p.amountHalalas, 0);
  const refundedTotal = refundRows.reduce((sum, r) => sum + r.amountHalalas, 0);
  const paidTotal = billRows.filter((b) => b.status === 'PAID').reduce((sum, b) => sum + b.amountHalalas, 0);
  if (succeededTotal - refundedTotal !== paidTotal) fail(`ledger: ${succeededTotal} succeeded - ${refundedTotal} refunded != ${paidTotal} paid`);

  // The gateway's journal against our records.
  const charges = readSimulatedGatewayJournal(journalFile).filter((entry) => entry.result.outcome === 'APPROVED');
  const chargedReferences = new Set<string>();
  const chargedPayments = new Map<number, string>();
  for (const charge of charges) {
    if (chargedReferences.has(charge.reference)) fail(`gateway charged ${charge.reference} twice`);
    chargedReferences.add(charge.reference);
    const match = /^payment-(\d+)-(\d+)$/.exec(charge.reference);
    const payment = match ? paymentById.get(Number(match[1])) : undefined;
    if (!match || !payment) {
      fail(`gateway charged ${charge.reference} for no payment`);
      continue;
    }
    const other = chargedPayments.get(payment.id);
    if (other && other !== charge.reference) fail(`payment ${payment.id} charged twice: ${other} and ${charge.reference}`);
    chargedPayments.set(payment.id, charge.reference);
    const sameAttempt = payment.attempt === Number(match[2]);
    const recorded = payment.status === 'SUCCEEDED' && sameAttempt;
    // Before settling, a charge may still wait for its outcome to be written (the crash came in between).
    const awaitingOutcome = !settled && payment.status === 'PENDING' && sameAttempt;
    if (!recorded && !awaitingOutcome) fail(`gateway charged ${charge.reference} but payment ${payment.id} is ${payment.status} at attempt ${payment.attempt}`);
    if (charge.amountHalalas !== payment.amountHalalas) fail(`gateway charged ${charge.amountHalalas} for payment ${payment.id} of ${payment.amountHalalas}`);
  }
  for (const payment of paymentRows.filter((p) => p.status === 'SUCCEEDED')) {
    if (!chargedReferences.has(`payment-${payment.id}-${payment.attempt}`)) fail(`payment ${payment.id} SUCCEEDED without a charge at the gateway`);
  }
  if (settled) {
    const pending = paymentRows.filter((p) => p.status === 'PENDING');
    if (pending.length) fail(`payments ${pending.map((p) => p.id).join(',')} still PENDING after settling`);
  }
}

/** A copy of the crashed database, to settle without touching what the next child meets. */
async function copyOfCrashed(scratch: string): Promise<TestDatabase> {
  if (testDialect === 'sqlite') {
    const crashedPath = database.url.slice('file:'.length);
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(crashedPath + suffix)) fs.copyFileSync(crashedPath + suffix, path.join(scratch, `test.db${suffix}`));
    }
    return { url: `file:${path.join(scratch, 'test.db')}`, drop: async () => undefined };
  }
  const crashed = new URL(database.url).pathname.slice(1);
  const copy = `${crashed}_settle`;
  await onAdminConnection(async (client) => {
    // The killed server's sessions may linger a moment; TEMPLATE needs the database to itself.
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [crashed]);
    await client.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${copy}" TEMPLATE "${crashed}"`);
  });
  return {
    url: postgresUrlFor(copy),
    drop: () => onAdminConnection((client) => client.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Settles a copy of the crashed state with the platform's own reconciliation, its clock past every gateway deadline. */
async function checkSettledCopy(cycle: number): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-crash-settle-'));
  const copy = await copyOfCrashed(scratch);
  try {
    if (fs.existsSync(journalFile)) fs.copyFileSync(journalFile, path.join(scratch, SIMULATED_GATEWAY_JOURNAL));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: scratch, DATABASE_URL: copy.url, OUTBOX_FILE: path.join(scratch, 'outbox.jsonl'), LOG_LEVEL: 'silent' });
    const db = await openDatabase(config.database);
    try {
      const later = () => new Date(Date.now() + 60 * 60_000);
      const services = createServices({ config, db, tokens: {} as TokenService, sender: createOutboxSender(config.outboxFile), logger: createLogger({ level: 'silent' }), now: later });
      figures.settledByRecovery += await services.payments.settleUnfinished();
      const savedJournal = journalFile;
      journalFile = path.join(scratch, SIMULATED_GATEWAY_JOURNAL);
      try {
        await checkInvariants(db, `cycle ${cycle} after settling`, true);
      } finally {
        journalFile = savedJournal;
      }
    } finally {
      await db.close();
    }
  } finally {
    await copy.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** SQLite's own integrity check; on PostgreSQL, every table the invariants read must read back whole. */
async function integrityOf(db: Database): Promise<string> {
  if (db.dialect === 'sqlite') return String((db as SqliteDatabase).writer.$client.pragma('integrity_check', { simple: true }));
  for (const table of ['payments', 'payment_bills', 'bills', 'refunds']) await db.rows(db.read, sql.raw(`select count(*) from ${table}`));
  return 'ok';
}

/** One client of the child server: pays until the server goes away. */
async function payer(address: string, openBills: number[], stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    if (openBills.length === 0 && sent.length === 0) return;
    let request: SentRequest;
    if (sent.length > 0 && (random() < 0.2 || openBills.length === 0)) {
      // A retry of an earlier key: the same bills, sometimes with a better card after a decline.
      const earlier = pick(sent);
      request = { ...earlier, cardToken: random() < 0.7 ? 'tok_visa' : earlier.cardToken };
    } else {
      const chosen = new Set<number>();
      const wanted = between(1, 3);
      for (let i = 0; i < wanted * 2 && chosen.size < wanted; i++) chosen.add(pick(openBills));
      const roll = random();
      const cardToken = roll < 0.82 ? 'tok_visa' : roll < 0.87 ? 'tok_declined' : roll < 0.92 ? 'tok_lost_answer' : roll < 0.97 ? 'tok_gateway_error' : 'tok_timeout';
      request = { key: `crash-${SEED}-${++keys}`, billIds: [...chosen].sort((a, b) => a - b), cardToken };
      sent.push(request);
    }
    figures.requests += 1;
    let body: any;
    try {
      const response = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${person.accessToken}` },
        body: JSON.stringify({
          query: PAY,
          variables: { input: { billIds: request.billIds.map((id) => toGlobalId('Bill', id)), idempotencyKey: request.key, paymentMethod: { cardToken: request.cardToken } } },
        }),
      });
      body = await response.json();
    } catch {
      return; // killed: whatever was in flight was never acknowledged
    }
    const payment = body?.data?.payBills?.payment;
    if (payment?.status === 'SUCCEEDED') {
      const paymentId = localIntIdOf(payment.id, 'Payment')!;
      const ack: Acknowledged = { paymentId, receiptNumber: payment.receiptNumber, billIds: request.billIds, key: request.key };
      const earlier = acknowledged.get(paymentId);
      if (earlier && (earlier.receiptNumber !== ack.receiptNumber || earlier.key !== ack.key)) {
        violations.push(`[seed ${SEED}] payment ${paymentId} acknowledged twice differently: ${JSON.stringify(earlier)} then ${JSON.stringify(ack)}`);
      }
      if (!earlier) figures.acknowledgedSucceeded += 1;
      acknowledged.set(paymentId, ack);
      for (const id of request.billIds) {
        const at = openBills.indexOf(id);
        if (at >= 0) openBills.splice(at, 1);
      }
    } else if (!body?.data?.payBills && !body?.errors) {
      violations.push(`[seed ${SEED}] unexpected answer ${JSON.stringify(body)}`);
    } else if (body?.errors) {
      violations.push(`[seed ${SEED}] GraphQL error for key ${request.key}: ${JSON.stringify(body.errors)}`);
    }
    await sleep(between(0, 40));
  }
}

async function runCycle(cycle: number, lastStartupMs: number): Promise<number> {
  const db = await open(database.url);
  await topUpBills(db);
  const openBills = await unpaidBillIds(db);
  await db.close();

  const startedAt = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: PROJECT_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let address: string | undefined;
  let servingSince = 0;
  const served = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"address":"(http:\/\/[^"]+)".*"msg":"serving http/.exec(output);
      if (match && !address) {
        address = match[1]!;
        servingSince = Date.now();
        resolve(address);
      }
      if (output.length > 200_000) output = output.slice(-100_000);
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));

  let stopped = false;
  const workers: Promise<void>[] = [];
  if (cycle % 4 === 3) {
    // Killed while starting: during migrations, the start-up reconciliation, or just after listening.
    figures.killedDuringStartup += 1;
    await Promise.race([sleep(between(0, lastStartupMs)), exited]);
  } else {
    const ready = await Promise.race([served, exited.then(() => null), sleep(30_000).then(() => null)]);
    if (!ready) {
      child.kill('SIGKILL');
      throw new Error(`[seed ${SEED}] cycle ${cycle}: the server did not start:\n${output.slice(-4000)}`);
    }
    const concurrency = between(1, 3);
    for (let i = 0; i < concurrency; i++) workers.push(payer(ready, openBills, () => stopped));
    await Promise.race([sleep(between(30, 1200)), exited]);
  }
  const startupMs = servingSince ? servingSince - startedAt : lastStartupMs;
  if (child.exitCode !== null) throw new Error(`[seed ${SEED}] cycle ${cycle}: the server stopped by itself:\n${output.slice(-4000)}`);
  child.kill('SIGKILL');
  const how = await exited;
  stopped = true;
  await Promise.all(workers);
  if (how !== 'SIGKILL') throw new Error(`[seed ${SEED}] cycle ${cycle}: the server ended with ${String(how)}, not SIGKILL`);
  figures.kills += 1;

  const crashed = await open(database.url);
  try {
    const integrity = await integrityOf(crashed);
    if (integrity === 'ok') figures.integrityPasses += 1;
    else violations.push(`[seed ${SEED}] cycle ${cycle}: integrity_check says ${integrity}`);
    await checkInvariants(crashed, `cycle ${cycle} after the kill`, false);
  } finally {
    await crashed.close();
  }
  await checkSettledCopy(cycle);
  return startupMs;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-crash-loop-'));
  database = await createTestDatabase(dataDir);
  journalFile = path.join(dataDir, SIMULATED_GATEWAY_JOURNAL);
  // The account and its keys are made by the in-process platform over the same DATA_DIR, so the token stays valid for the children.
  const platform = await startTestPlatform({ DATA_DIR: dataDir, DATABASE_URL: database.url });
  try {
    person = await registerAccount(platform).then((account) => signInAccount(platform, account));
    await topUpBills(platform.db);
  } finally {
    await platform.stop();
  }
});

afterAll(async () => {
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the crash loop (F6)', () => {
  it('loses no acknowledged payment, charges nothing twice and keeps the books after every SIGKILL', async ({ task }) => {
    let startupMs = 3_000;
    for (let cycle = 0; cycle < CYCLES; cycle++) startupMs = await runCycle(cycle, startupMs);

    const summary = {
      seed: SEED,
      kills: figures.kills,
      killedDuringStartup: figures.killedDuringStartup,
      integrityPasses: figures.integrityPasses,
      invariantViolations: violations.length,
      acknowledgedPaymentsLost: figures.lost.size,
      payBillsRequests: figures.requests,
      acknowledgedSucceeded: figures.acknowledgedSucceeded,
      gatewayCharges: readSimulatedGatewayJournal(journalFile).filter((e) => e.result.outcome === 'APPROVED').length,
      leftoversSettledByRecovery: figures.settledByRecovery,
    };
    recordFigure(task, { item: 'F6', name: `crash loop kills (seed ${SEED})`, value: summary.kills, expected: CYCLES });
    recordFigure(task, { item: 'F6', name: 'integrity checks passed after a kill', value: summary.integrityPasses, expected: summary.kills });
    recordFigure(task, { item: 'F6', name: 'invariant violations (ledger, double charges)', value: summary.invariantViolations, expected: 0 });
    recordFigure(task, { item: 'F6', name: 'acknowledged payments lost', value: summary.acknowledgedPaymentsLost, expected: 0 });
    recordFigure(task, { item: 'F6', name: 'payments acknowledged to the client / approved at the gateway (more approved: killed before answering, settled at restart)', value: `${summary.acknowledgedSucceeded} / ${summary.gatewayCharges}` });

    expect(violations, JSON.stringify(summary)).toEqual([]);
    expect(figures.lost.size, JSON.stringify(summary)).toBe(0);
    expect(figures.kills).toBe(CYCLES);
    expect(figures.integrityPasses).toBe(figures.kills);
    // The loop must really have paid, or it proved nothing.
    expect(figures.acknowledgedSucceeded, JSON.stringify(summary)).toBeGreaterThan(0);
  }, 150_000);
});
