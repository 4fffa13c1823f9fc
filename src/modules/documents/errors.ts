// Every refusal of the documents module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const documentErrors = {
  DOCUMENT_NOT_FOUND: { en: 'No such document.', ar: 'لا توجد وثيقة بهذا المعرف.' },
  NOT_RENEWABLE_ONLINE: {
    en: 'This document cannot be renewed online.',
    ar: 'لا يمكن تجديد هذه الوثيقة إلكترونيًا.',
  },
  OUTSIDE_RENEWAL_WINDOW: {
    en: 'This document can be renewed from {opensOn}, when fewer than {days} days are left.',
    ar: 'يمكن تجديد هذه الوثيقة ابتداءً من {opensOn} عندما يتبقى أقل من {days} يومًا.',
  },
  UNPAID_VIOLATIONS: {
    en: 'Pay your {count} unpaid traffic violations (SAR {amount}) before renewing.',
    ar: 'سدد مخالفاتك المرورية غير المسددة وعددها {count} (بمبلغ {amount} ريال) قبل التجديد.',
  },
  UNPAID_DEPENDENT_FEES: {
    en: 'Pay your {count} unpaid dependant fees (SAR {amount}) before renewing the Iqama.',
    ar: 'سدد رسوم المرافقين غير المسددة وعددها {count} (بمبلغ {amount} ريال) قبل تجديد الإقامة.',
  },
  RENEWAL_ALREADY_PENDING: {
    en: 'A renewal of this document is already waiting for payment.',
    ar: 'يوجد طلب تجديد لهذه الوثيقة بانتظار السداد.',
  },
  RENEWAL_NOT_FOUND: { en: 'No such renewal.', ar: 'لا يوجد طلب تجديد بهذا المعرف.' },
  RENEWAL_NOT_PENDING: {
    en: 'Only a renewal waiting for payment can be cancelled.',
    ar: 'لا يمكن إلغاء إلا طلب تجديد بانتظار السداد.',
  },
  PERIOD_NOT_OFFERED: {
    en: 'This renewal period is not offered for this document.',
    ar: 'مدة التجديد هذه غير متاحة لهذه الوثيقة.',
  },
  NOT_A_RESIDENT: {
    en: 'Exit and re-entry visas are for residents holding an Iqama.',
    ar: 'تأشيرة الخروج والعودة مخصصة للمقيمين من حاملي الإقامة.',
  },
  IQAMA_NOT_VALID: {
    en: 'Your Iqama must be valid to get an exit and re-entry visa.',
    ar: 'يجب أن تكون إقامتك سارية للحصول على تأشيرة خروج وعودة.',
  },
  PASSPORT_EXPIRING: {
    en: 'Your passport must be valid for at least {days} more days.',
    ar: 'يجب أن يكون جواز سفرك ساريًا لمدة {days} يومًا على الأقل.',
  },
  VISA_MONTHS_INVALID: {
    en: 'Choose from {min} to {max} months.',
    ar: 'اختر مدة من {min} إلى {max} شهرًا.',
  },
  VISA_ALREADY_ACTIVE: {
    en: 'You already have an exit and re-entry visa that is issued or waiting for payment.',
    ar: 'لديك تأشيرة خروج وعودة صادرة أو بانتظار السداد.',
  },
  VISA_NOT_FOUND: { en: 'No such visa.', ar: 'لا توجد تأشيرة بهذا المعرف.' },
  VISA_NOT_ISSUED: {
    en: 'Only an issued visa that has not ended can be extended.',
    ar: 'لا يمكن تمديد إلا تأشيرة صادرة لم تنتهِ.',
  },
  EXTENSION_ALREADY_PENDING: {
    en: 'An extension of this visa is already waiting for payment.',
    ar: 'يوجد تمديد لهذه التأشيرة بانتظار السداد.',
  },
  VISA_ALREADY_CANCELLED: { en: 'This visa is already cancelled.', ar: 'هذه التأشيرة ملغاة بالفعل.' },
  PAYMENT_IN_PROGRESS: {
    en: 'A payment for this is in progress. Try again in a moment.',
    ar: 'هناك عملية سداد جارية لهذا الطلب. حاول بعد قليل.',
  },
  DOCUMENT_EXPIRED: {
    en: 'An expired document cannot be proven valid.',
    ar: 'لا يمكن إثبات صلاحية وثيقة منتهية.',
  },
} satisfies ErrorCatalog<string>;

export type DocumentErrorCode = keyof typeof documentErrors;
