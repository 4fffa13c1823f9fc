// Business refusals (`userErrors`): a stable code, a message in the caller's
// language, and the input field it is about.
import type { Language, Localized } from '../i18n/language.js';

export interface UserErrorShape {
  code: string;
  message: string;
  field: string[] | null;
}

export type ErrorCatalog<Code extends string> = Record<Code, Localized>;

export class Refusal<Code extends string = string> {
  constructor(readonly code: Code, readonly field: string[] | null = null, readonly params: Record<string, string | number> = {}) {}
}

export function toUserError<Code extends string>(catalog: ErrorCatalog<Code>, refusal: Refusal<Code>, language: Language): UserErrorShape {
  let message = catalog[refusal.code][language];
  for (const [name, value] of Object.entries(refusal.params)) message = message.replaceAll(`{${name}}`, String(value));
  return { code: refusal.code, message, field: refusal.field };
}

/** A service's answer: the value, or the refusals that stopped it (nothing written). */
export type Outcome<T, Code extends string = string> = { ok: true; value: T } | { ok: false; refusals: Refusal<Code>[] };

export const succeed = <T>(value: T): Outcome<T, never> => ({ ok: true, value });
export const refuse = <Code extends string>(code: Code, field: string[] | null = null, params: Record<string, string | number> = {}): Outcome<never, Code> => ({
  ok: false,
  refusals: [new Refusal(code, field, params)],
});
