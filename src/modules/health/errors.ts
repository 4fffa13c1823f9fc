// Every refusal of the health module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const healthErrors = {
  SLOT_NOT_FOUND: { en: 'No such appointment slot.', ar: 'لا يوجد موعد متاح بهذا المعرف.' },
  SLOT_UNAVAILABLE: { en: 'This slot has just been taken. Choose another time.', ar: 'تم حجز هذا الموعد. اختر وقتًا آخر.' },
  SLOT_IN_PAST: { en: 'This slot has already started. Choose a later time.', ar: 'بدأ وقت هذا الموعد. اختر وقتًا لاحقًا.' },
  OVERLAPPING_APPOINTMENT: {
    en: 'The patient already has an appointment at this time.',
    ar: 'لدى المريض موعد آخر في هذا الوقت.',
  },
  PATIENT_NOT_FOUND: {
    en: 'You cannot book for this person.',
    ar: 'لا يمكنك الحجز لهذا الشخص.',
  },
  APPOINTMENT_NOT_FOUND: { en: 'No such appointment.', ar: 'لا يوجد موعد بهذا المعرف.' },
  APPOINTMENT_NOT_BOOKED: {
    en: 'Only a booked appointment that has not started can be changed.',
    ar: 'لا يمكن تغيير إلا موعد محجوز لم يبدأ بعد.',
  },
  PRESCRIPTION_NOT_FOUND: { en: 'No such prescription.', ar: 'لا توجد وصفة طبية بهذا المعرف.' },
  REFILLS_REMAINING: {
    en: 'This prescription still has refills left; a renewal is for a prescription with none.',
    ar: 'ما زالت لهذه الوصفة عبوات متبقية؛ التجديد للوصفة التي نفدت عبواتها.',
  },
  RENEWAL_ALREADY_PENDING: {
    en: 'A renewal of this prescription is already waiting for a decision.',
    ar: 'يوجد طلب تجديد لهذه الوصفة بانتظار القرار.',
  },
  RENEWAL_NOT_FOUND: { en: 'No such renewal request.', ar: 'لا يوجد طلب تجديد بهذا المعرف.' },
  RENEWAL_ALREADY_DECIDED: { en: 'This request has already been decided.', ar: 'تم البت في هذا الطلب مسبقًا.' },
  NOTE_TOO_LONG: { en: 'The note can have at most 500 characters.', ar: 'يجب ألا تتجاوز الملاحظة 500 حرف.' },
} satisfies ErrorCatalog<string>;

export type HealthErrorCode = keyof typeof healthErrors;
