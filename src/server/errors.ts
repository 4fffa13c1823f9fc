// Top-level errors: access and protocol failures carry a stable code and a
// message in the caller's language; anything unexpected is masked at the edge.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Language, Localized } from '../i18n/language.js';
import { currentRequestId } from './request-scope.js';

export const accessMessages = {
  UNAUTHENTICATED: { en: 'You need to sign in to do this.', ar: 'يجب تسجيل الدخول للقيام بذلك.' },
  FORBIDDEN: { en: 'You are not allowed to do this.', ar: 'غير مسموح لك بالقيام بذلك.' },
  RATE_LIMITED: { en: 'Too many requests. Try again later.', ar: 'طلبات كثيرة جدًا. حاول لاحقًا.' },
  INTERNAL_SERVER_ERROR: { en: 'Something went wrong on our side.', ar: 'حدث خطأ من جهتنا.' },
  BAD_USER_INPUT: { en: 'The request is not valid.', ar: 'الطلب غير صالح.' },
  OPERATION_NOT_ALLOWED: {
    en: 'Partner clients may run only operations from the persisted list, by hash.',
    ar: 'لا يمكن لعملاء الجهات الشريكة تنفيذ إلا العمليات المسجلة مسبقًا عبر معرفها.',
  },
  PERSISTED_QUERY_NOT_FOUND: { en: 'Unknown persisted operation.', ar: 'العملية المسجلة غير معروفة.' },
} satisfies Record<string, Localized>;

export type AccessCode = keyof typeof accessMessages;

export function accessError(code: AccessCode, language: Language, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(accessMessages[code][language], { extensions: { code, ...extensions } });
}

// Codes a client may see as they are. Anything else (a thrown Error, SQLite's
// constraint or busy errors) becomes INTERNAL_SERVER_ERROR without its text.
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_NOT_ALLOWED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface ErrorMasking {
  exposeDetails: boolean;
  onUnexpected: (error: unknown) => void;
}

export function formatError(masking: ErrorMasking, formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return withRequestId(maskError(masking, formatted, error));
}

/** Every error a client sees names its request, masked ones included: the log has the rest. */
function withRequestId(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const requestId = currentRequestId();
  return requestId ? { ...formatted, extensions: { ...formatted.extensions, requestId } } : formatted;
}

function maskError(masking: ErrorMasking, formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const original = unwrapResolverError(error);
  const isDeliberate = typeof code === 'string' && PUBLIC_CODES.has(code) && (original instanceof GraphQLError || original === error);
  if (isDeliberate) {
    // Public errors keep message, locations, path and code, never a stack.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // Apollo refuses some malformed requests (an APQ hash that does not match
  // its text) with a 400 but no code: a client mistake, not our failure.
  if (original instanceof GraphQLError && !original.extensions.code && (original.extensions.http as { status?: number } | undefined)?.status === 400) {
    return { message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  masking.onUnexpected(original);
  if (masking.exposeDetails) return formatted;
  return {
    message: accessMessages.INTERNAL_SERVER_ERROR.en,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
