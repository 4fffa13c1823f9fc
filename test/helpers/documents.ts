// Builders for the documents tests: registry documents and the bills that
// block renewals (unpaid violations, dependant fees), written directly as the
// registry import and other modules would have left them.
import { eq } from 'drizzle-orm';
import { registryDocuments, trafficViolations, type RegistryDocumentRow } from '../../src/modules/registry/tables.js';
import { billOperations } from '../../src/modules/payments/bills-store.js';
import { bills, type BillRow } from '../../src/modules/payments/tables.js';
import { first } from '../../src/db/database.js';
import { toGlobalId } from '../../src/server/global-id.js';
import type { TestPlatform } from './platform.js';

let serial = 0;

export interface TestDocument extends RegistryDocumentRow {
  globalId: string;
}

export async function addDocument(
  platform: TestPlatform,
  idNumber: string,
  fields: { type: RegistryDocumentRow['type']; expiresOn: string; issuedOn?: string; number?: string },
): Promise<TestDocument> {
  serial += 1;
  const number = fields.number ?? `${fields.type.slice(0, 2)}-${idNumber}-${serial}`;
  const row = await platform.db.atomically(async (tx) => {
    const [inserted] = await tx
      .insert(registryDocuments)
      .values({ personIdNumber: idNumber, type: fields.type, number, issuedOn: fields.issuedOn ?? '2020-01-01', expiresOn: fields.expiresOn })
      .returning();
    return inserted!;
  });
  return { ...row, globalId: toGlobalId('Document', row.id) };
}

export async function documentRow(platform: TestPlatform, id: number): Promise<RegistryDocumentRow> {
  return (await first(platform.db.read.select().from(registryDocuments).where(eq(registryDocuments.id, id))))!;
}

/** An unpaid traffic violation with its bill, as the registry import creates them. */
export async function addUnpaidViolation(platform: TestPlatform, idNumber: string, amountHalalas = 300_00): Promise<{ violationId: number; bill: BillRow }> {
  serial += 1;
  const number = `V-DOC-${serial}`;
  return platform.db.atomically(async (tx) => {
    const [violation] = await tx
      .insert(trafficViolations)
      .values({
        number,
        personIdNumber: idNumber,
        plate: 'ABC 1234',
        descriptionAr: 'سرعة',
        descriptionEn: 'Speeding',
        amountHalalas,
        issuedAt: '2026-10-01T09:00:00+03:00',
        city: 'Riyadh',
      })
      .returning();
    const bill = await billOperations(tx).create(
      { personIdNumber: idNumber, kind: 'TRAFFIC_VIOLATION', subjectId: String(violation!.id), amountHalalas, description: { ar: 'مخالفة', en: 'Violation' } },
      new Date(),
    );
    return { violationId: violation!.id, bill };
  });
}

export async function addUnpaidDependentFee(platform: TestPlatform, idNumber: string, amountHalalas = 400_00): Promise<BillRow> {
  serial += 1;
  const subjectId = `test-dependent-fee-${serial}`;
  return platform.db.atomically((tx) =>
    billOperations(tx).create(
      { personIdNumber: idNumber, kind: 'DEPENDENT_FEE', subjectId, amountHalalas, description: { ar: 'رسوم مرافقين', en: 'Dependant fee' } },
      new Date(),
    ),
  );
}

export async function billRow(platform: TestPlatform, id: number): Promise<BillRow> {
  return (await first(platform.db.read.select().from(bills).where(eq(bills.id, id))))!;
}

let keys = 0;

/** Pays bills through the public `payBills` mutation, as the person would. */
export async function payBills(platform: TestPlatform, token: string, billIds: string[]) {
  keys += 1;
  const answer = await platform.gql<any>(
    `mutation($input: PayBillsInput!) { payBills(input: $input) { payment { id status } userErrors { code message } } }`,
    { input: { billIds, idempotencyKey: `documents-test-${keys}-${Date.now()}`, paymentMethod: { cardToken: 'tok_visa' } } },
    { token },
  );
  if (answer.errors || answer.data.payBills.userErrors.length > 0) throw new Error(`payBills failed: ${JSON.stringify(answer)}`);
  return answer.data.payBills.payment as { id: string; status: string };
}
