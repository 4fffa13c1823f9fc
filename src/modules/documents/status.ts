// A document's status and renewal eligibility, as pure functions of the facts
// (the document, "today", what the holder owes), so the query that explains
// the blockers and the mutation that enforces them cannot disagree.
import type { RegistryDocumentRow } from '../registry/tables.js';
import type { RenewalRow } from './tables.js';
import { addDays, addMonths, daysBetween, laterOf } from './calendar.js';
import { EXPIRING_SOON_DAYS, renewalSchedule, type PersonKind } from './renewal-schedule.js';
import type { DocumentErrorCode } from './errors.js';

export type DocumentStatus = 'VALID' | 'EXPIRING_SOON' | 'EXPIRED' | 'RENEWAL_PENDING';

/**
 * An open renewal wins over the dates: the holder has acted and the document
 * will be extended once the fee is paid (`daysUntilExpiry` still tells whether
 * it has lapsed meanwhile).
 */
export function documentStatus(document: RegistryDocumentRow, today: string, renewalPending: boolean): DocumentStatus {
  if (renewalPending) return 'RENEWAL_PENDING';
  const daysLeft = daysBetween(today, document.expiresOn);
  if (daysLeft < 0) return 'EXPIRED';
  if (daysLeft <= EXPIRING_SOON_DAYS) return 'EXPIRING_SOON';
  return 'VALID';
}

export interface UnpaidBills {
  count: number;
  amountHalalas: number;
}

export interface RenewalFacts {
  document: RegistryDocumentRow;
  holderKind: PersonKind;
  today: string;
  pendingRenewal: RenewalRow | undefined;
  unpaidViolations: UnpaidBills;
  unpaidDependentFees: UnpaidBills;
}

export interface RenewalBlocker {
  code: DocumentErrorCode;
  /** Bills to settle first, for UNPAID_VIOLATIONS and UNPAID_DEPENDENT_FEES. */
  unpaid?: UnpaidBills;
  /** The first day the renewal window is open, for OUTSIDE_RENEWAL_WINDOW. */
  opensOn?: string;
  windowDays?: number;
}

export interface RenewalQuote {
  months: number;
  isDefault: boolean;
  feeHalalas: number;
  /** The expiry if paid today: the period is added to the later of today and the current expiry. */
  newExpiresOn: string;
}

export interface RenewalAssessment {
  blockers: RenewalBlocker[];
  quotes: RenewalQuote[];
  defaultMonths: number | null;
}

/** Every reason the renewal cannot go ahead now, all at once, with the price of each period. */
export function assessRenewal(facts: RenewalFacts): RenewalAssessment {
  const rule = renewalSchedule[facts.document.type];
  if (!rule.renewableOnline || !rule.holders.includes(facts.holderKind)) {
    return { blockers: [{ code: 'NOT_RENEWABLE_ONLINE' }], quotes: [], defaultMonths: null };
  }
  const blockers: RenewalBlocker[] = [];
  if (facts.pendingRenewal) blockers.push({ code: 'RENEWAL_ALREADY_PENDING' });
  // "Fewer than windowDays left": the window opens windowDays - 1 days before expiry.
  const opensOn = addDays(facts.document.expiresOn, -(rule.windowDays - 1));
  if (facts.today < opensOn) blockers.push({ code: 'OUTSIDE_RENEWAL_WINDOW', opensOn, windowDays: rule.windowDays });
  if (rule.blockedByUnpaidViolations && facts.unpaidViolations.count > 0) {
    blockers.push({ code: 'UNPAID_VIOLATIONS', unpaid: facts.unpaidViolations });
  }
  if (rule.requiresPaidDependentFees && facts.unpaidDependentFees.count > 0) {
    blockers.push({ code: 'UNPAID_DEPENDENT_FEES', unpaid: facts.unpaidDependentFees });
  }
  const base = laterOf(facts.today, facts.document.expiresOn);
  const quotes = rule.periods.map((p) => ({ months: p.months, isDefault: p.months === rule.defaultMonths, feeHalalas: p.feeHalalas, newExpiresOn: addMonths(base, p.months) }));
  return { blockers, quotes, defaultMonths: rule.defaultMonths };
}
