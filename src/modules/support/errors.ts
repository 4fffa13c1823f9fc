// Every refusal of the support module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const supportErrors = {
  SUBJECT_TOO_SHORT: {
    en: 'The subject needs at least {min} characters.',
    ar: 'يجب ألا يقل الموضوع عن {min} أحرف.',
  },
  SUBJECT_TOO_LONG: {
    en: 'The subject can have at most {max} characters.',
    ar: 'يجب ألا يزيد الموضوع عن {max} حرفًا.',
  },
  MESSAGE_EMPTY: { en: 'Write a message.', ar: 'اكتب رسالة.' },
  MESSAGE_TOO_LONG: {
    en: 'The message can have at most {max} characters.',
    ar: 'يجب ألا تزيد الرسالة عن {max} حرف.',
  },
  TOO_MANY_OPEN_TICKETS: {
    en: 'You already have {max} tickets in progress. Wait for an answer or write on one of them.',
    ar: 'لديك بالفعل {max} تذكرة قيد المعالجة. انتظر الرد أو اكتب في إحداها.',
  },
  TICKET_NOT_FOUND: {
    en: 'There is no such support ticket.',
    ar: 'لا توجد تذكرة دعم بهذا المعرف.',
  },
  TICKET_CLOSED: {
    en: 'This ticket is closed and takes no more messages. Open a new ticket.',
    ar: 'هذه التذكرة مغلقة ولا تقبل رسائل جديدة. افتح تذكرة جديدة.',
  },
  OWN_TICKET: {
    en: 'Another support agent must handle your own ticket.',
    ar: 'يجب أن يتولى تذكرتك موظف دعم آخر.',
  },
} satisfies ErrorCatalog<string>;

export type SupportErrorCode = keyof typeof supportErrors;
