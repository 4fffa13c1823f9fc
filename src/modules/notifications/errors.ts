// Every refusal of the notifications module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const notificationErrors = {
  NOTHING_TO_MARK: {
    en: 'Name the notifications to mark read, or ask for all of them.',
    ar: 'حدد الإشعارات المراد تعليمها كمقروءة، أو اطلب تعليمها جميعًا.',
  },
  TOO_MANY_NOTIFICATIONS: {
    en: 'Mark at most {max} notifications at once, or ask for all of them.',
    ar: 'يمكن تعليم {max} إشعارًا على الأكثر في المرة الواحدة، أو اطلب تعليمها جميعًا.',
  },
} satisfies ErrorCatalog<string>;

export type NotificationErrorCode = keyof typeof notificationErrors;
