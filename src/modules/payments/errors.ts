// Every refusal of the payments module, in both languages.
import type { ErrorCatalog } from '../../server/user-errors.js';

export const paymentErrors = {
  NO_BILLS: { en: 'Choose at least one bill to pay.', ar: 'اختر فاتورة واحدة على الأقل للسداد.' },
  TOO_MANY_BILLS: { en: 'Pay at most {max} bills at a time.', ar: 'يمكن سداد {max} فاتورة كحد أقصى في المرة الواحدة.' },
  BILL_NOT_FOUND: { en: 'This bill was not found.', ar: 'لم يتم العثور على هذه الفاتورة.' },
  BILL_ALREADY_PAID: { en: 'This bill is already paid.', ar: 'هذه الفاتورة مسددة بالفعل.' },
  BILL_CANCELLED: { en: 'This bill was cancelled and is not owed.', ar: 'أُلغيت هذه الفاتورة ولم تعد مستحقة.' },
  BILL_ON_HOLD: {
    en: 'This bill is on hold while an objection is decided.',
    ar: 'هذه الفاتورة معلقة حتى يُبت في الاعتراض.',
  },
  BILL_PAYMENT_IN_PROGRESS: {
    en: 'Another payment of this bill is in progress.',
    ar: 'توجد عملية سداد أخرى قيد التنفيذ لهذه الفاتورة.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    en: 'The idempotency key must be 1 to 255 visible characters.',
    ar: 'يجب أن يكون مفتاح عدم التكرار من 1 إلى 255 حرفًا ظاهرًا.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    en: 'This idempotency key was already used for other bills. Use a new key for a new payment.',
    ar: 'استُخدم مفتاح عدم التكرار هذا لفواتير أخرى. استخدم مفتاحًا جديدًا لعملية سداد جديدة.',
  },
  CARD_TOKEN_INVALID: { en: 'The card details are not valid.', ar: 'بيانات البطاقة غير صالحة.' },
  CARD_DECLINED: {
    en: 'The card was declined. Nothing was paid.',
    ar: 'رُفضت البطاقة. لم يتم سداد أي مبلغ.',
  },
  PAYMENT_FAILED: {
    en: 'The payment could not be completed and nothing was paid. Try again with the same idempotency key.',
    ar: 'تعذر إتمام السداد ولم يتم خصم أي مبلغ. حاول مرة أخرى بمفتاح عدم التكرار نفسه.',
  },
  REFUND_NOT_FOUND: { en: 'This refund was not found.', ar: 'لم يتم العثور على هذا المبلغ المسترد.' },
  REFUND_NOT_FAILED: {
    en: 'Only a failed refund can be sent again; this one is pending or already credited.',
    ar: 'لا يعاد إرسال إلا الاسترداد المتعثر؛ هذا الاسترداد قيد التنفيذ أو أُودع بالفعل.',
  },
} satisfies ErrorCatalog<string>;

export type PaymentErrorCode = keyof typeof paymentErrors;
