// Every refusal of the violations module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const violationErrors = {
  VIOLATION_NOT_FOUND: { en: 'This violation was not found.', ar: 'لم يتم العثور على هذه المخالفة.' },
  VIOLATION_CANCELLED: { en: 'This violation was cancelled.', ar: 'أُلغيت هذه المخالفة.' },
  OBJECTION_ALREADY_PENDING: {
    en: 'An objection to this violation is already waiting for a decision.',
    ar: 'يوجد اعتراض على هذه المخالفة بانتظار البت فيه.',
  },
  OBJECTION_WINDOW_CLOSED: {
    en: 'Objections can be filed only within {days} days of the violation.',
    ar: 'لا يمكن تقديم الاعتراض إلا خلال {days} يومًا من تاريخ المخالفة.',
  },
  OBJECTION_REASON_REQUIRED: { en: 'Write the reason for the objection.', ar: 'اكتب سبب الاعتراض.' },
  OBJECTION_REASON_TOO_LONG: {
    en: 'The reason can have at most {max} characters.',
    ar: 'يجب ألا يزيد السبب على {max} حرف.',
  },
  VIOLATION_PAYMENT_IN_PROGRESS: {
    en: 'A payment of this violation is in progress. Try again in a moment.',
    ar: 'توجد عملية سداد لهذه المخالفة قيد التنفيذ. حاول مرة أخرى بعد قليل.',
  },
  OBJECTION_NOT_FOUND: { en: 'This objection was not found.', ar: 'لم يتم العثور على هذا الاعتراض.' },
  OBJECTION_ALREADY_DECIDED: { en: 'This objection was already decided.', ar: 'تم البت في هذا الاعتراض مسبقًا.' },
  OBJECTION_OWN: {
    en: 'An officer cannot decide an objection they filed themselves.',
    ar: 'لا يمكن للموظف البت في اعتراض قدمه بنفسه.',
  },
  DECISION_NOTE_TOO_LONG: { en: 'The note can have at most {max} characters.', ar: 'يجب ألا تزيد الملاحظة على {max} حرف.' },
  INVALID_ID_NUMBER: {
    en: 'Enter a valid 10-digit national ID or Iqama number.',
    ar: 'أدخل رقم هوية وطنية أو إقامة صحيحًا من 10 أرقام.',
  },
  PERSON_NOT_FOUND: { en: 'No person with this ID number is in the registry.', ar: 'لا يوجد شخص بهذا الرقم في السجل.' },
  PLATE_INVALID: { en: 'Enter the plate (1 to 20 characters).', ar: 'أدخل رقم اللوحة (من 1 إلى 20 حرفًا).' },
  DESCRIPTION_INVALID: {
    en: 'Describe the violation in Arabic and English (1 to 500 characters each).',
    ar: 'صف المخالفة بالعربية والإنجليزية (من 1 إلى 500 حرف لكل منهما).',
  },
  AMOUNT_INVALID: {
    en: 'The fine must be a positive amount in SAR with at most two decimals, up to {max}.',
    ar: 'يجب أن تكون الغرامة مبلغًا موجبًا بالريال بخانتين عشريتين كحد أقصى، ولا تتجاوز {max}.',
  },
  CITY_INVALID: { en: 'Enter the city (1 to 100 characters).', ar: 'أدخل المدينة (من 1 إلى 100 حرف).' },
  ISSUED_AT_IN_FUTURE: { en: 'A violation cannot be dated in the future.', ar: 'لا يمكن أن يكون تاريخ المخالفة في المستقبل.' },
} satisfies ErrorCatalog<string>;

export type ViolationErrorCode = keyof typeof violationErrors;
