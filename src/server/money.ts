// Money is integer halalas (1 SAR = 100 halalas) inside and a Decimal string
// outside. No floating point anywhere on the way.
export interface MoneyShape {
  amount: string;
  currency: 'SAR';
}

export function halalasToDecimal(halalas: number): string {
  if (!Number.isSafeInteger(halalas)) throw new RangeError('halalas must be a safe integer');
  const sign = halalas < 0 ? '-' : '';
  const abs = Math.abs(halalas);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function money(halalas: number): MoneyShape {
  return { amount: halalasToDecimal(halalas), currency: 'SAR' };
}

/** Parses "300", "300.5" or "300.50" into halalas; null for anything else. */
export function decimalToHalalas(text: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
