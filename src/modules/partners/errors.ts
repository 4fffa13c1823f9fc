import type { ErrorCatalog } from '../../server/user-errors.js';

export const partnerErrors = {
  PARTNER_NOT_FOUND: { en: 'No such partner.', ar: 'لا توجد جهة بهذا المعرف.' },
  CONSENT_NOT_FOUND: { en: 'No such consent.', ar: 'لا توجد موافقة بهذا المعرف.' },
  PURPOSE_NOT_OFFERED: {
    en: 'This partner does not offer that service.',
    ar: 'هذه الجهة لا تقدم هذه الخدمة.',
  },
} satisfies ErrorCatalog<string>;

export type PartnerErrorCode = keyof typeof partnerErrors;
