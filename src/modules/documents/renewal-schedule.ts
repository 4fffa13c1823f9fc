// Which documents can be renewed online, when, for how long and for how much.
// This table is the one place to change a renewal rule or fee.
//
// Sources and assumptions (fees in halalas, 1 SAR = 100):
// - Driving licence: General Department of Traffic (Muroor), SAR 40 per year
//   of validity, issued for 2, 5 or 10 years; renewable when under a year is left.
// - Vehicle registration (istimara): SAR 100 per year, 1 to 3 years here;
//   renewable in the last 180 days (our choice: early enough to plan, late
//   enough that the periodic inspection is recent).
// - Iqama: Jawazat's residency fee of SAR 650 a year, charged pro rata per
//   quarter (SAR 162.50 per 3 months) since residents may renew for 3, 6, 9
//   or 12 months. The work-permit levy is collected by the Ministry of Human
//   Resources (Qiwa), not by this portal, and is not included. Dependants'
//   fees must be settled first, as Jawazat requires. Renewable in the last 90 days.
// - Passport (Saudi citizens only; a resident's passport is a foreign
//   document): SAR 300 for 5 years, SAR 600 for 10; renewable in the last 180 days.
// - National ID: not renewable online here; it needs a visit to Civil Affairs
//   for a new photograph and fingerprints.
// Unpaid traffic violations block what the traffic and residency laws tie to
// them: licence, registration and Iqama.
import type { RegistryDocumentRow, RegistryPersonRow } from '../registry/tables.js';

export type DocumentType = RegistryDocumentRow['type'];
export type PersonKind = RegistryPersonRow['kind'];

export interface RenewalPeriod {
  months: number;
  feeHalalas: number;
}

export type RenewalRule =
  | { renewableOnline: false; reason: { ar: string; en: string } }
  | {
      renewableOnline: true;
      /** Renewal opens when fewer than this many days are left (an expired document may always renew). */
      windowDays: number;
      /** Only these holders may renew the document here. */
      holders: readonly PersonKind[];
      periods: readonly RenewalPeriod[];
      /** The period chosen when the request names none. */
      defaultMonths: number;
      blockedByUnpaidViolations: boolean;
      requiresPaidDependentFees: boolean;
    };

const yearly = (years: readonly number[], feePerYearHalalas: number): RenewalPeriod[] =>
  years.map((y) => ({ months: y * 12, feeHalalas: y * feePerYearHalalas }));

export const renewalSchedule: Record<DocumentType, RenewalRule> = {
  DRIVING_LICENSE: {
    renewableOnline: true,
    windowDays: 365,
    holders: ['CITIZEN', 'RESIDENT'],
    periods: yearly([2, 5, 10], 40_00),
    defaultMonths: 120,
    blockedByUnpaidViolations: true,
    requiresPaidDependentFees: false,
  },
  VEHICLE_REGISTRATION: {
    renewableOnline: true,
    windowDays: 180,
    holders: ['CITIZEN', 'RESIDENT'],
    periods: yearly([1, 2, 3], 100_00),
    defaultMonths: 12,
    blockedByUnpaidViolations: true,
    requiresPaidDependentFees: false,
  },
  IQAMA: {
    renewableOnline: true,
    windowDays: 90,
    holders: ['RESIDENT'],
    periods: [3, 6, 9, 12].map((months) => ({ months, feeHalalas: (months / 3) * 162_50 })),
    defaultMonths: 12,
    blockedByUnpaidViolations: true,
    requiresPaidDependentFees: true,
  },
  PASSPORT: {
    renewableOnline: true,
    windowDays: 180,
    holders: ['CITIZEN'],
    periods: [
      { months: 60, feeHalalas: 300_00 },
      { months: 120, feeHalalas: 600_00 },
    ],
    defaultMonths: 60,
    blockedByUnpaidViolations: false,
    requiresPaidDependentFees: false,
  },
  NATIONAL_ID: {
    renewableOnline: false,
    reason: {
      en: 'A national ID is renewed at a Civil Affairs office (new photograph and fingerprints).',
      ar: 'تُجدَّد الهوية الوطنية في مكتب الأحوال المدنية (صورة وبصمات جديدة).',
    },
  },
};

/** Statuses: a document is EXPIRING_SOON in its last 90 days. */
export const EXPIRING_SOON_DAYS = 90;
