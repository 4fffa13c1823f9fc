// The resident's dependent fee (maqabil al-murafiqin): SAR 400 a month for
// each dependent of a resident (an Iqama holder, ID starting with 2). One bill
// per guardian, dependent and month; the unique index on dependent_fees and
// the check below make billing a month twice harmless.
import type { Transaction } from '../../db/transaction.js';
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
export function chargeDependentFee(tx: FamilyTx, raw: Transaction, guardianIdNumber: string, dependentIdNumber: string, month: string, at: Date): BillRow | null {
  if (!isResident(guardianIdNumber) || tx.dependentFee(guardianIdNumber, dependentIdNumber, month)) return null;
  const bill = billOperations(raw).create(
    {
      personIdNumber: guardianIdNumber,
      kind: 'DEPENDENT_FEE',
      subjectId: `${guardianIdNumber}:${dependentIdNumber}:${month}`,
      amountHalalas: DEPENDENT_FEE_HALALAS,
      description: { ar: `مقابل المرافقين لشهر ${month}`, en: `Dependent fee for ${month}` },
    },
    at,
  );
  tx.insertDependentFee({ guardianIdNumber, dependentIdNumber, month, billId: bill.id });
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
        billsCreated += await store.atomically((tx, raw) => {
          const created = dependentIdNumbers.filter((dependent) => chargeDependentFee(tx, raw, guardianIdNumber, dependent, billedMonth, at) !== null).length;
          if (created > 0) {
            notify(
              raw,
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
