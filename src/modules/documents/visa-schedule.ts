// Exit and re-entry visas for residents: fees and limits, as Jawazat publishes
// them (single: SAR 200 for 2 months, SAR 100 per further month; multiple:
// SAR 500 for 3 months, SAR 200 per further month). The 12-month ceiling and
// the 90 days of passport validity are the rules this portal applies.
export type VisaType = 'SINGLE' | 'MULTIPLE';

export interface VisaTariff {
  baseMonths: number;
  baseFeeHalalas: number;
  extraMonthFeeHalalas: number;
  maxMonths: number;
}

export const visaSchedule: Record<VisaType, VisaTariff> = {
  SINGLE: { baseMonths: 2, baseFeeHalalas: 200_00, extraMonthFeeHalalas: 100_00, maxMonths: 12 },
  MULTIPLE: { baseMonths: 3, baseFeeHalalas: 500_00, extraMonthFeeHalalas: 200_00, maxMonths: 12 },
};

/** A visa is refused while the passport has fewer days left than this. */
export const MIN_PASSPORT_DAYS_FOR_VISA = 90;

export function visaFee(type: VisaType, months: number): number {
  const tariff = visaSchedule[type];
  return tariff.baseFeeHalalas + Math.max(0, months - tariff.baseMonths) * tariff.extraMonthFeeHalalas;
}

export function extensionFee(type: VisaType, months: number): number {
  return months * visaSchedule[type].extraMonthFeeHalalas;
}
