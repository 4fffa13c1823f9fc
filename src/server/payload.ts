// Turns a service outcome into a mutation payload: the value under its field,
// or `userErrors` in the caller's language.
import type { Language } from '../i18n/language.js';
import { toUserError, type ErrorCatalog, type Outcome, type UserErrorShape } from './user-errors.js';

export function toPayload<T, Code extends string, P extends object>(
  outcome: Outcome<T, Code>,
  catalog: ErrorCatalog<Code>,
  language: Language,
  onSuccess: (value: T) => P,
): Partial<P> & { userErrors: UserErrorShape[] } {
  if (outcome.ok) return { ...onSuccess(outcome.value), userErrors: [] };
  return { userErrors: outcome.refusals.map((refusal) => toUserError(catalog, refusal, language)) } as Partial<P> & { userErrors: UserErrorShape[] };
}
