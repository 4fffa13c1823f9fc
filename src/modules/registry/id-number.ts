// National ID and Iqama numbers: 10 digits, first digit 1 (citizen) or 2
// (resident), and the whole number passes the Luhn check (contract, section 2).
export type PersonKind = 'CITIZEN' | 'RESIDENT';

export function isValidIdNumber(value: string): boolean {
  if (!/^[12][0-9]{9}$/.test(value)) return false;
  let total = 0;
  for (let position = 0; position < 10; position++) {
    let digit = value.charCodeAt(position) - 48;
    if (position % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return total % 10 === 0;
}

export function kindOfIdNumber(value: string): PersonKind {
  return value.startsWith('1') ? 'CITIZEN' : 'RESIDENT';
}

/** "+966501234567" -> "+966*****4567": enough for a person to recognise their number. */
export function maskMobile(mobile: string): string {
  const visible = mobile.slice(-4);
  const prefix = mobile.startsWith('+') ? mobile.slice(0, 4) : '';
  return `${prefix}${'*'.repeat(Math.max(mobile.length - prefix.length - 4, 0))}${visible}`;
}
