// The development demo data set, loaded on the first start when
// config.seedDemoData is on (never in production by default). The people come
// from ./registry.jsonl through the registry import itself, so the demo file
// is also a worked example of the hand-over format. docs/demo-data.md lists
// every person and account.
//
// Each step can run again without harm (upserts, "skip if present",
// idempotency keys), and the admin account is created last: it is the marker
// that the set is complete, so a start interrupted half-way finishes the job
// on the next start and a complete set is never loaded twice.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Services } from '../../server/services.js';
import type { Role } from '../../generated/resolvers-types.js';
import { importRegistryFile } from '../registry/import.js';
import { createAccountProvisioning, type AccountProvisioning } from '../identity/provisioning.js';
import type { AccountRow } from '../identity/tables.js';

export const DEMO_REGISTRY_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'registry.jsonl');

// Demo passwords pass the policy (12+ characters, not a common password). They
// are public on purpose: this data set exists only on developers' machines.
export const DEMO_PERSON_PASSWORD = 'Palm-Oasis-Demo-2026';
export const DEMO_OFFICER_PASSWORD = 'Falcon-Desk-Demo-2026';

export interface DemoAccount {
  username: string;
  personIdNumber: string;
  password: string;
  roles: Role[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'ahmed.alharbi', personIdNumber: '1010000105', password: DEMO_PERSON_PASSWORD, roles: [] },
  { username: 'noura.alqahtani', personIdNumber: '1010000121', password: DEMO_PERSON_PASSWORD, roles: [] },
  { username: 'rahul.menon', personIdNumber: '2010000137', password: DEMO_PERSON_PASSWORD, roles: [] },
  { username: 'omar.farouk', personIdNumber: '2010000145', password: DEMO_PERSON_PASSWORD, roles: [] },
  { username: 'traffic.officer', personIdNumber: '1010000147', password: DEMO_OFFICER_PASSWORD, roles: ['TRAFFIC_OFFICER'] },
  { username: 'residency.officer', personIdNumber: '1010000154', password: DEMO_OFFICER_PASSWORD, roles: ['RESIDENCY_OFFICER'] },
  { username: 'health.officer', personIdNumber: '1010000162', password: DEMO_OFFICER_PASSWORD, roles: ['HEALTH_OFFICER'] },
  { username: 'education.officer', personIdNumber: '1010000170', password: DEMO_OFFICER_PASSWORD, roles: ['EDUCATION_OFFICER'] },
  { username: 'support.agent', personIdNumber: '1010000188', password: DEMO_OFFICER_PASSWORD, roles: ['SUPPORT_AGENT'] },
  // Last on purpose: its presence means the whole set is loaded (see above).
  { username: 'admin', personIdNumber: '1010000196', password: DEMO_OFFICER_PASSWORD, roles: ['ADMIN'] },
];

const COMPLETION_MARKER = DEMO_ACCOUNTS.at(-1)!.username;

/** The violation the seed pays, so the demo shows a PAID one with a receipt. */
const PAID_VIOLATION = { username: 'ahmed.alharbi', number: 'V-DEMO-0003' };

export const DEMO_FACILITIES = [
  { code: 'DEMO-RUH-KFMC', name: { ar: 'مدينة الملك فهد الطبية', en: 'King Fahad Medical City' }, city: 'Riyadh', kind: 'HOSPITAL', department: 'General medicine' },
  { code: 'DEMO-RUH-PHC-OLAYA', name: { ar: 'مركز صحي العليا', en: 'Olaya Primary Health Care Centre' }, city: 'Riyadh', kind: 'PRIMARY_CARE', department: 'Family medicine' },
  { code: 'DEMO-JED-EYE', name: { ar: 'مستشفى جدة للعيون', en: 'Jeddah Eye Hospital' }, city: 'Jeddah', kind: 'SPECIALIST', department: 'Ophthalmology' },
] as const;

export async function seedDemoData(db: Database, services: Services, logger: Logger, now: () => Date = () => new Date()): Promise<void> {
  const provisioning = createAccountProvisioning({ db, registry: services.registry, now });
  if (await provisioning.findAccountByUsername(COMPLETION_MARKER)) {
    logger.debug('demo data already loaded');
    return;
  }
  await seedDemoRegistry(db, now);
  await seedDemoHealthFacilities(services, now);
  const accounts = await provisionDemoAccounts(provisioning, DEMO_ACCOUNTS.slice(0, -1));
  await payDemoViolation(services, accounts.get(PAID_VIOLATION.username)!, logger);
  await provisionDemoAccounts(provisioning, DEMO_ACCOUNTS.slice(-1));
  logger.info({ accounts: DEMO_ACCOUNTS.length }, demoAccountsNotice());
}

/**
 * Told once, when the set is loaded, so a developer can sign in without
 * opening the docs. The passwords are the public demo ones above; they sit in
 * the message because the logger redacts any field named `password`.
 */
export function demoAccountsNotice(): string {
  const byPassword = new Map<string, string[]>();
  for (const account of DEMO_ACCOUNTS) byPassword.set(account.password, [...(byPassword.get(account.password) ?? []), account.username]);
  const lines = [...byPassword].map(([password, usernames]) => `  ${usernames.join(', ')}: password ${password}`);
  return ['demo data loaded; sign in as (SMS codes go to the outbox file, docs/demo-data.md has the people):', ...lines].join('\n');
}

async function seedDemoRegistry(db: Database, now: () => Date): Promise<void> {
  const summary = await importRegistryFile(db, DEMO_REGISTRY_FILE, { now });
  // The file is checked in: a bad line is a bug in the repository, not data to skip.
  if (summary.badLineCount > 0) throw new Error(`demo registry file has bad lines: ${JSON.stringify(summary.badLines)}`);
}

async function provisionDemoAccounts(provisioning: AccountProvisioning, demoAccounts: readonly DemoAccount[]): Promise<Map<string, AccountRow>> {
  const made = new Map<string, AccountRow>();
  for (const demo of demoAccounts) {
    const existing = await provisioning.findAccountByUsername(demo.username);
    if (existing) {
      made.set(demo.username, existing);
      continue;
    }
    const outcome = await provisioning.provision({
      personIdNumber: demo.personIdNumber,
      username: demo.username,
      password: demo.password,
      email: `${demo.username}@demo.absher.local`,
      roles: demo.roles,
    });
    if (!outcome.ok) throw new Error(`demo account ${demo.username} refused: ${outcome.refusals.map((r) => r.code).join(', ')}`);
    made.set(demo.username, outcome.value);
  }
  return made;
}

/** Facilities with open slots on the next ten working days (Sunday to Thursday), 08:00-12:00 Riyadh time. */
async function seedDemoHealthFacilities(services: Services, now: () => Date): Promise<void> {
  const present = new Set((await services.health.facilities(null)).map((facility) => facility.code));
  for (const { department, ...facility } of DEMO_FACILITIES) {
    if (present.has(facility.code)) continue;
    const added = await services.health.addFacility(facility);
    await services.health.openSlots(added.id, workingDaySlots(now(), 10).map((slot) => ({ department, ...slot })));
  }
}

const RIYADH_OFFSET_MS = 3 * 60 * 60 * 1000;
const SLOT_MS = 30 * 60 * 1000;

export function workingDaySlots(from: Date, days: number): Array<{ startsAt: Date; endsAt: Date }> {
  const slots: Array<{ startsAt: Date; endsAt: Date }> = [];
  // Midnight of tomorrow in Riyadh (UTC+3, no daylight saving), as a UTC instant.
  const riyadhToday = new Date(from.getTime() + RIYADH_OFFSET_MS);
  let day = Date.UTC(riyadhToday.getUTCFullYear(), riyadhToday.getUTCMonth(), riyadhToday.getUTCDate() + 1) - RIYADH_OFFSET_MS;
  while (days > 0) {
    const weekday = new Date(day + RIYADH_OFFSET_MS).getUTCDay();
    // Friday (5) and Saturday (6) are the weekend.
    if (weekday !== 5 && weekday !== 6) {
      for (let start = day + 8 * 3600_000; start < day + 12 * 3600_000; start += SLOT_MS) {
        slots.push({ startsAt: new Date(start), endsAt: new Date(start + SLOT_MS) });
      }
      days -= 1;
    }
    day += 24 * 3600_000;
  }
  return slots;
}

async function payDemoViolation(services: Services, account: AccountRow, logger: Logger): Promise<void> {
  const violations = await services.violations.violationsOfPerson(account.personIdNumber, null, 100, null);
  const violation = violations.find((v) => v.number === PAID_VIOLATION.number);
  if (!violation) throw new Error(`demo violation ${PAID_VIOLATION.number} is missing`);
  const [bill] = await services.payments.findBillsBySubject('TRAFFIC_VIOLATION', [String(violation.id)]);
  if (!bill) throw new Error(`demo violation ${PAID_VIOLATION.number} has no bill`);
  if (bill.status !== 'UNPAID') return;
  const outcome = await services.payments.payBills(account.id, {
    billIds: [bill.id],
    // A fixed key: a seed interrupted and run again gets the same payment back.
    idempotencyKey: 'demo-seed-paid-violation',
    cardToken: 'tok_visa',
  });
  if (!outcome.ok || outcome.value.status !== 'SUCCEEDED') {
    logger.warn({ refusals: outcome.ok ? undefined : outcome.refusals.map((r) => r.code) }, 'demo violation payment did not succeed');
  }
}
