// Every refusal of the identity module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const identityErrors = {
  INVALID_ID_NUMBER: {
    en: 'Enter a valid 10-digit national ID or Iqama number.',
    ar: 'أدخل رقم هوية وطنية أو إقامة صحيحًا من 10 أرقام.',
  },
  IDENTITY_NOT_VERIFIED: {
    en: 'We could not verify these details. Check the ID number and date of birth.',
    ar: 'تعذر التحقق من هذه البيانات. تأكد من رقم الهوية وتاريخ الميلاد.',
  },
  CODE_INVALID: { en: 'The code is not correct.', ar: 'الرمز غير صحيح.' },
  CODE_EXPIRED: { en: 'The code has expired. Ask for a new one.', ar: 'انتهت صلاحية الرمز. اطلب رمزًا جديدًا.' },
  CODE_ATTEMPTS_EXCEEDED: {
    en: 'Too many wrong codes. Ask for a new code.',
    ar: 'محاولات خاطئة كثيرة. اطلب رمزًا جديدًا.',
  },
  CHALLENGE_NOT_FOUND: {
    en: 'This request is not valid or has ended. Start again.',
    ar: 'هذا الطلب غير صالح أو انتهى. ابدأ من جديد.',
  },
  REGISTRATION_NOT_VERIFIED: {
    en: 'Confirm the SMS code before choosing your account details.',
    ar: 'أكد رمز الرسالة النصية قبل اختيار بيانات حسابك.',
  },
  USERNAME_INVALID: {
    en: 'A username has 3 to 32 letters, digits, dots, dashes or underscores.',
    ar: 'اسم المستخدم من 3 إلى 32 حرفًا أو رقمًا أو نقطة أو شرطة.',
  },
  USERNAME_TAKEN: { en: 'This username is taken. Choose another.', ar: 'اسم المستخدم مستخدم. اختر اسمًا آخر.' },
  EMAIL_INVALID: { en: 'Enter a valid e-mail address.', ar: 'أدخل بريدًا إلكترونيًا صحيحًا.' },
  PASSWORD_TOO_SHORT: {
    en: 'The password needs at least 12 characters.',
    ar: 'يجب ألا تقل كلمة المرور عن 12 حرفًا.',
  },
  PASSWORD_TOO_LONG: { en: 'The password is too long.', ar: 'كلمة المرور طويلة جدًا.' },
  PASSWORD_TOO_COMMON: {
    en: 'This password is too common or easy to guess. Choose another.',
    ar: 'كلمة المرور هذه شائعة أو سهلة التخمين. اختر غيرها.',
  },
  INVALID_CREDENTIALS: { en: 'The username or password is not correct.', ar: 'اسم المستخدم أو كلمة المرور غير صحيحة.' },
  TOO_MANY_ATTEMPTS: {
    en: 'Too many attempts. Try again in {seconds} seconds.',
    ar: 'محاولات كثيرة. حاول مرة أخرى بعد {seconds} ثانية.',
  },
  RESEND_TOO_SOON: {
    en: 'Wait {seconds} seconds before asking for another code.',
    ar: 'انتظر {seconds} ثانية قبل طلب رمز آخر.',
  },
  TOTP_ALREADY_ENROLLED: {
    en: 'An authenticator app is already set up. Remove it before setting up another.',
    ar: 'تطبيق المصادقة مفعّل بالفعل. أزله قبل إعداد تطبيق آخر.',
  },
  TOTP_ENROLLMENT_NOT_STARTED: {
    en: 'Start setting up the authenticator app first.',
    ar: 'ابدأ إعداد تطبيق المصادقة أولًا.',
  },
  TOTP_NOT_ENROLLED: {
    en: 'No authenticator app is set up for this account.',
    ar: 'لا يوجد تطبيق مصادقة مفعّل لهذا الحساب.',
  },
  INVALID_REFRESH_TOKEN: {
    en: 'This session has ended. Sign in again.',
    ar: 'انتهت هذه الجلسة. سجّل الدخول مرة أخرى.',
  },
  SESSION_NOT_FOUND: { en: 'No such session.', ar: 'لا توجد جلسة بهذا المعرف.' },
  EMAIL_ALREADY_VERIFIED: { en: 'The e-mail address is already confirmed.', ar: 'البريد الإلكتروني مؤكد بالفعل.' },
  ACCOUNT_NOT_FOUND: { en: 'No account belongs to this ID number.', ar: 'لا يوجد حساب مرتبط برقم الهوية هذا.' },
  ACCOUNT_ALREADY_DISABLED: { en: 'This account is already disabled.', ar: 'هذا الحساب معطّل بالفعل.' },
  ACCOUNT_NOT_DISABLED: { en: 'This account is not disabled.', ar: 'هذا الحساب غير معطّل.' },
  CANNOT_DISABLE_OWN_ACCOUNT: {
    en: 'You cannot disable your own account; ask another administrator.',
    ar: 'لا يمكنك تعطيل حسابك بنفسك؛ اطلب ذلك من مسؤول آخر.',
  },
} satisfies ErrorCatalog<string>;

export type IdentityErrorCode = keyof typeof identityErrors;
