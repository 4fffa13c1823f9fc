// Every refusal of the education module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const educationErrors = {
  INSTITUTION_INVALID: {
    en: 'Enter the institution name, {min} to {max} characters.',
    ar: 'أدخل اسم المؤسسة التعليمية، من {min} إلى {max} حرفًا.',
  },
  DEGREE_INVALID: {
    en: 'Enter the qualification, {min} to {max} characters.',
    ar: 'أدخل المؤهل العلمي، من {min} إلى {max} حرفًا.',
  },
  FIELD_TOO_LONG: {
    en: 'The field of study can have at most {max} characters.',
    ar: 'يجب ألا يزيد التخصص عن {max} حرفًا.',
  },
  GRADUATION_YEAR_INVALID: {
    en: 'The graduation year must be between your year of birth and this year ({year}).',
    ar: 'يجب أن تكون سنة التخرج بين سنة ميلادك وهذه السنة ({year}).',
  },
  DUPLICATE_RECORD: {
    en: 'This qualification is already recorded or waiting for verification.',
    ar: 'هذا المؤهل مسجل بالفعل أو بانتظار التحقق.',
  },
  RECORD_NOT_FOUND: { en: 'There is no such education record.', ar: 'لا يوجد سجل تعليمي بهذا المعرف.' },
  ALREADY_DECIDED: {
    en: 'This record has already been decided.',
    ar: 'تم البت في هذا السجل مسبقًا.',
  },
  NOTE_REQUIRED: {
    en: 'Give the person the reason for the rejection.',
    ar: 'اذكر للشخص سبب الرفض.',
  },
  NOTE_TOO_LONG: {
    en: 'The note can have at most {max} characters.',
    ar: 'يجب ألا تزيد الملاحظة عن {max} حرف.',
  },
  OWN_RECORD: {
    en: 'Another education officer must decide on your own record.',
    ar: 'يجب أن يبت في سجلك موظف تعليم آخر.',
  },
} satisfies ErrorCatalog<string>;

export type EducationErrorCode = keyof typeof educationErrors;
