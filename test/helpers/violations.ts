// Builders for traffic violations and bills: inserted straight into the
// registry table as the registry import would, each violation with its bill
// through billOperations, exactly as the import creates them.
import { eq } from 'drizzle-orm';
import { trafficViolations, type TrafficViolationRow } from '../../src/modules/registry/tables.js';
import { billOperations } from '../../src/modules/payments/bills-store.js';
import type { BillKind, BillRow } from '../../src/modules/payments/tables.js';
import { first } from '../../src/db/database.js';
import { accounts } from '../../src/modules/identity/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';
import type { TestPlatform } from './platform.js';
import { registerAccount, signInAccount, type SignedIn } from './people.js';

let serial = 0;

export interface TestViolation {
  violation: TrafficViolationRow;
  bill: BillRow;
  violationId: string;
  billId: string;
}

export async function addViolation(
  platform: TestPlatform,
  personIdNumber: string,
  options: { amountHalalas?: number; issuedAt?: Date; status?: TrafficViolationRow['status'] } = {},
): Promise<TestViolation> {
  serial += 1;
  const number = `V-TEST-${serial}`;
  const amountHalalas = options.amountHalalas ?? 30_000;
  return platform.db.atomically(async (tx) => {
    const [violation] = await tx
      .insert(trafficViolations)
      .values({
        number,
        personIdNumber,
        plate: 'ABC 1234',
        descriptionAr: 'تجاوز السرعة',
        descriptionEn: 'Speeding',
        amountHalalas,
        issuedAt: (options.issuedAt ?? new Date()).toISOString(),
        city: 'Riyadh',
        status: options.status ?? 'UNPAID',
      })
      .returning();
    const bill = await billOperations(tx).create(
      { personIdNumber, kind: 'TRAFFIC_VIOLATION', subjectId: String(violation!.id), amountHalalas, description: { ar: 'مخالفة مرورية', en: 'Traffic violation' } },
      new Date(),
    );
    return { violation: violation!, bill, violationId: toGlobalId('TrafficViolation', violation!.id), billId: toGlobalId('Bill', bill.id) };
  });
}

/** A bill of another kind (a fee), with a subject no module knows about. */
export async function addBill(platform: TestPlatform, personIdNumber: string, amountHalalas = 15_000, kind: BillKind = 'DOCUMENT_RENEWAL'): Promise<{ bill: BillRow; billId: string }> {
  serial += 1;
  const subjectId = `test-${serial}`;
  const bill = await platform.db.atomically((tx) =>
    billOperations(tx).create({ personIdNumber, kind, subjectId, amountHalalas, description: { ar: 'رسوم', en: 'Fee' } }, new Date()),
  );
  return { bill, billId: toGlobalId('Bill', bill.id) };
}

export function violationRow(platform: TestPlatform, id: number): Promise<TrafficViolationRow | undefined> {
  return first(platform.db.read.select().from(trafficViolations).where(eq(trafficViolations.id, id)));
}

/** Roles are re-read on every request, so granting one takes effect at once. */
export async function grantRoles(platform: TestPlatform, idNumber: string, roles: string[]): Promise<void> {
  await platform.db.atomically(async (tx) => {
    await tx.update(accounts).set({ roles }).where(eq(accounts.personIdNumber, idNumber));
  });
}

/** Two signed-in drivers and a signed-in traffic officer, the cast of the violation and refund tests. */
export async function driversAndOfficer(platform: TestPlatform): Promise<{ driver: SignedIn; other: SignedIn; officer: SignedIn }> {
  const officerAccount = await registerAccount(platform);
  await grantRoles(platform, officerAccount.idNumber, ['TRAFFIC_OFFICER']);
  const [driver, other, officer] = await Promise.all([
    registerAccount(platform).then((a) => signInAccount(platform, a)),
    registerAccount(platform).then((a) => signInAccount(platform, a)),
    signInAccount(platform, officerAccount),
  ]);
  return { driver, other, officer };
}
