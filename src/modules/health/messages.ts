// Notification texts of the health module, in both languages. They name the
// facility and time but never a department, medication or condition: the
// notifications table is not encrypted.
import type { Localized } from '../../i18n/language.js';
import type { HealthFacilityRow } from './tables.js';

const whenIn = (locale: string, at: Date) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Riyadh' }).format(at);

export function appointmentReminder(facility: HealthFacilityRow, startsAt: Date): { title: Localized; body: Localized } {
  return {
    title: { ar: 'تذكير بموعد', en: 'Appointment reminder' },
    body: {
      ar: `لديك موعد في ${facility.nameAr} يوم ${whenIn('ar-SA-u-ca-gregory', startsAt)}.`,
      en: `You have an appointment at ${facility.nameEn} on ${whenIn('en-GB', startsAt)} (Riyadh time).`,
    },
  };
}

export function renewalDecided(approved: boolean): { kind: string; title: Localized; body: Localized } {
  return approved
    ? {
        kind: 'MEDICATION_RENEWAL_APPROVED',
        title: { ar: 'تمت الموافقة على تجديد الدواء', en: 'Medication renewal approved' },
        body: { ar: 'تمت الموافقة على طلب تجديد وصفتك الطبية. راجع سجلك الصحي للتفاصيل.', en: 'Your prescription renewal was approved. See your health record for details.' },
      }
    : {
        kind: 'MEDICATION_RENEWAL_REJECTED',
        title: { ar: 'لم تتم الموافقة على تجديد الدواء', en: 'Medication renewal not approved' },
        body: { ar: 'لم تتم الموافقة على طلب تجديد وصفتك الطبية. راجع سجلك الصحي للتفاصيل.', en: 'Your prescription renewal was not approved. See your health record for details.' },
      };
}
