// Every refusal of the family module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const familyErrors = {
  PERSON_NOT_FOUND: {
    en: 'No person with this ID number is in the civil registry.',
    ar: 'لا يوجد شخص بهذا الرقم في السجل المدني.',
  },
  CANNOT_LINK_SELF: { en: 'You cannot add yourself.', ar: 'لا يمكنك إضافة نفسك.' },
  NOT_A_NEWBORN: {
    en: 'Only a child under one year old can be registered as a newborn.',
    ar: 'لا يسجل كمولود إلا طفل لم يبلغ سنة من العمر.',
  },
  GUARDIAN_NOT_ADULT: {
    en: 'Only an adult (18 or older) can register a newborn or add a spouse.',
    ar: 'تسجيل المولود أو إضافة الزوج يقتصر على من بلغ 18 عامًا.',
  },
  ALREADY_A_DEPENDENT: {
    en: 'This person is already registered as a dependent.',
    ar: 'هذا الشخص مسجل تابعًا بالفعل.',
  },
  SPOUSE_GENDER_INVALID: {
    en: 'A spouse must be of the other gender, as the marriage record requires.',
    ar: 'يجب أن يكون الزوج من الجنس الآخر كما يقتضي عقد الزواج.',
  },
  SPOUSE_NOT_ADULT: { en: 'Both spouses must be 18 or older.', ar: 'يجب ألا يقل عمر كل من الزوجين عن 18 عامًا.' },
  ALREADY_LINKED: { en: 'This person is already linked to your family record.', ar: 'هذا الشخص مرتبط بسجل أسرتك بالفعل.' },
  SPOUSE_REQUEST_LIMIT_REACHED: {
    en: 'You have sent as many spouse requests as one day allows. Try again tomorrow.',
    ar: 'بلغت الحد اليومي لطلبات إضافة الزوج. حاول مرة أخرى غدًا.',
  },
  SPOUSE_REQUEST_DECLINED_RECENTLY: {
    en: 'This person declined your request less than 30 days ago. You can ask again once 30 days have passed.',
    ar: 'رفض هذا الشخص طلبك قبل أقل من 30 يومًا. يمكنك إعادة الطلب بعد مرور 30 يومًا.',
  },
  SPOUSE_REQUEST_EXISTS: {
    en: 'A spouse request between you and this person is already waiting for an answer.',
    ar: 'يوجد طلب إضافة زوج بينك وبين هذا الشخص بانتظار الرد.',
  },
  SPOUSE_REQUEST_NOT_FOUND: { en: 'No such spouse request.', ar: 'لا يوجد طلب إضافة زوج بهذا المعرف.' },
  SPOUSE_REQUEST_NOT_PENDING: { en: 'This spouse request is no longer waiting for an answer.', ar: 'طلب إضافة الزوج هذا لم يعد بانتظار الرد.' },
  SPOUSE_REQUEST_EXPIRED: { en: 'This spouse request has expired.', ar: 'انتهت مدة طلب إضافة الزوج هذا.' },
  DEPENDENT_NOT_FOUND: { en: 'No such dependent.', ar: 'لا يوجد تابع بهذا المعرف.' },
  GRANTEE_IS_GRANTOR: { en: 'You cannot authorize yourself.', ar: 'لا يمكنك تفويض نفسك.' },
  VEHICLE_NOT_OWNED: { en: 'You do not own a vehicle with this plate.', ar: 'لا تملك مركبة بهذه اللوحة.' },
  NOT_GUARDIAN_OF_SUBJECT: {
    en: 'You are not the guardian of a child with this ID number.',
    ar: 'لست ولي أمر طفل بهذا الرقم.',
  },
  SUBJECT_IS_GRANTEE: {
    en: 'The person authorized cannot be the dependent the authorization is about.',
    ar: 'لا يمكن أن يكون المفوَّض هو التابع محل التفويض.',
  },
  INVALID_PERIOD: {
    en: 'The period must start today or later and end on or after its start.',
    ar: 'يجب أن تبدأ المدة اليوم أو بعده وأن تنتهي في يوم بدايتها أو بعده.',
  },
  PERIOD_TOO_LONG: { en: 'An authorization can last at most one year.', ar: 'لا تتجاوز مدة التفويض سنة واحدة.' },
  DELEGATION_EXISTS: {
    en: 'An authorization of this kind to this person for this subject is already pending or active.',
    ar: 'يوجد تفويض من هذا النوع لهذا الشخص على هذا الموضوع قيد الانتظار أو ساري.',
  },
  DELEGATION_NOT_FOUND: { en: 'No such authorization.', ar: 'لا يوجد تفويض بهذا المعرف.' },
  DELEGATION_NOT_PENDING: {
    en: 'This authorization is no longer waiting for an answer.',
    ar: 'هذا التفويض لم يعد بانتظار الرد.',
  },
  DELEGATION_EXPIRED: { en: 'This authorization has expired.', ar: 'انتهت مدة هذا التفويض.' },
  DELEGATION_ALREADY_ENDED: { en: 'This authorization has already ended.', ar: 'هذا التفويض منتهٍ بالفعل.' },
  VISITOR_NAME_INVALID: { en: "Enter the visitor's name as in the passport (2 to 100 characters).", ar: 'أدخل اسم الزائر كما في الجواز (من 2 إلى 100 حرف).' },
  NATIONALITY_INVALID: {
    en: 'Enter the nationality as a two-letter country code, such as EG.',
    ar: 'أدخل الجنسية برمز الدولة المكون من حرفين، مثل EG.',
  },
  VISITOR_IS_SAUDI: { en: 'Saudi citizens do not need a visit visa.', ar: 'لا يحتاج المواطن السعودي إلى تأشيرة زيارة.' },
  PASSPORT_NUMBER_INVALID: {
    en: 'Enter a passport number of 5 to 20 letters and digits.',
    ar: 'أدخل رقم جواز من 5 إلى 20 حرفًا ورقمًا.',
  },
  VISIT_DATES_INVALID: {
    en: 'The visit must start after today, within a year, and end after it starts.',
    ar: 'يجب أن تبدأ الزيارة بعد اليوم وخلال سنة وأن تنتهي بعد بدايتها.',
  },
  VISIT_TOO_LONG: { en: 'A family visit can last at most 90 days.', ar: 'لا تتجاوز مدة الزيارة العائلية 90 يومًا.' },
  VISA_APPLICATION_OPEN: {
    en: 'An application for this visitor is already being processed.',
    ar: 'يوجد طلب لهذا الزائر قيد المعالجة بالفعل.',
  },
  OWN_APPLICATION: {
    en: 'An officer cannot decide or issue their own application.',
    ar: 'لا يجوز للموظف البت في طلبه أو إصداره.',
  },
  VISA_NOT_FOUND: { en: 'No such visa application.', ar: 'لا يوجد طلب تأشيرة بهذا المعرف.' },
  VISA_NOT_SUBMITTED: {
    en: 'This application has already been decided.',
    ar: 'تم البت في هذا الطلب بالفعل.',
  },
  VISA_NOT_APPROVED: { en: 'Only an approved application can be issued.', ar: 'لا تصدر إلا التأشيرة الموافق عليها.' },
  VISA_FEE_UNPAID: {
    en: 'The visa fee has not been paid yet.',
    ar: 'لم تسدد رسوم التأشيرة بعد.',
  },
  DECISION_NOTE_REQUIRED: {
    en: 'Give the reason for the rejection (up to 500 characters).',
    ar: 'اذكر سبب الرفض (حتى 500 حرف).',
  },
} satisfies ErrorCatalog<string>;

export type FamilyErrorCode = keyof typeof familyErrors;
