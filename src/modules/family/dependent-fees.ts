// The resident's dependent fee (maqabil al-murafiqin): SAR 400 a month for
// each dependent of a resident (an Iqama holder, ID starting with 2). One bill
// per guardian, dependent and month; the unique index on dependent_fees and
// the check below make billing a month twice harmless.
import { billOperations } from '../payments/bills-store.js';
import type { BillRow } from '../payments/tables.js';
import { notify } from '../notifications/notify.js';
import type { FamilyStore, FamilyTx } from './store.js';
import { isMonth, riyadhMonth } from './dates.js';

export const DEPENDENT_FEE_HALALAS = 400_00;

export const isResident = (idNumber: string) => idNumber.startsWith('2');

/**
 * Bills one dependent's fee for `month` in the caller's transaction, unless the
 * guardian is a citizen or the month is already billed. The new bill, or null.
 */
export async function chargeDependentFee(tx: FamilyTx, guardianIdNumber: string, dependentIdNumber: string, month: string, at: Date): Promise<BillRow | null> {
  if (!isResident(guardianIdNumber) || (await tx.dependentFee(guardianIdNumber, dependentIdNumber, month))) return null;
  const bill = await billOperations(tx.tx).create(
    {
      personIdNumber: guardianIdNumber,
      kind: 'DEPENDENT_FEE',
      subjectId: `${guardianIdNumber}:${dependentIdNumber}:${month}`,
      amountHalalas: DEPENDENT_FEE_HALALAS,
      description: { ar: `مقابل المرافقين لشهر ${month}`, en: `Dependent fee for ${month}` },
    },
    at,
  );
  await tx.insertDependentFee({ guardianIdNumber, dependentIdNumber, month, billId: bill.id });
  return bill;
}

export function createDependentFees(store: FamilyStore, now: () => Date) {
  return {
    /**
     * Bills every resident's dependents for `month` (default: this month in
     * Riyadh). Safe to run again: a month already billed is skipped. One
     * transaction per guardian keeps each write short.
     */
    async billDependentFees(month?: string): Promise<{ month: string; billsCreated: number }> {
      const at = now();
      const billedMonth = month ?? riyadhMonth(at);
      if (!isMonth(billedMonth)) throw new RangeError('month must be written YYYY-MM');
      const byGuardian = new Map<string, string[]>();
      for (const link of await store.linksOfResidentGuardians()) {
        byGuardian.set(link.guardianIdNumber, [...(byGuardian.get(link.guardianIdNumber) ?? []), link.dependentIdNumber]);
      }
      let billsCreated = 0;
      for (const [guardianIdNumber, dependentIdNumbers] of byGuardian) {
        // The count is the transaction's result, added once it has committed
        // (a transaction run again must not count its bills twice).
        billsCreated += await store.atomically(async (tx) => {
          let created = 0;
          for (const dependent of dependentIdNumbers) {
            if ((await chargeDependentFee(tx, guardianIdNumber, dependent, billedMonth, at)) !== null) created += 1;
          }
          if (created > 0) {
            await notify(
              tx.tx,
              {
                personIdNumber: guardianIdNumber,
                kind: 'DEPENDENT_FEES_BILLED',
                title: { ar: 'مقابل المرافقين مستحق', en: 'Dependent fees due' },
                body: {
                  ar: `صدرت ${created} فاتورة لمقابل المرافقين لشهر ${billedMonth}، قيمة كل منها 400 ريال.`,
                  en: `${created} dependent fee bill(s) of SAR 400 each were issued for ${billedMonth}.`,
                },
              },
              at,
            );
          }
          return created;
        });
      }
      return { month: billedMonth, billsCreated };
    },
  };
}
