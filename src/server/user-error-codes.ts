// Every userErrors code of every module, printed as the schema's
// `enum UserErrorCode` (schema/user-error-codes.graphql, written by
// `npm run codegen`): the modules' catalogs are the one source, so the enum
// a client switches on cannot drift from the codes the server sends.
import type { ErrorCatalog } from './user-errors.js';
import { documentErrors } from '../modules/documents/errors.js';
import { educationErrors } from '../modules/education/errors.js';
import { familyErrors } from '../modules/family/errors.js';
import { healthErrors } from '../modules/health/errors.js';
import { identityErrors } from '../modules/identity/errors.js';
import { notificationErrors } from '../modules/notifications/errors.js';
import { partnerErrors } from '../modules/partners/errors.js';
import { paymentErrors } from '../modules/payments/errors.js';
import { supportErrors } from '../modules/support/errors.js';
import { violationErrors } from '../modules/violations/errors.js';

/** Each module's catalog under the name a reader of the schema knows it by. */
export const userErrorCatalogs: Record<string, ErrorCatalog<string>> = {
  Documents: documentErrors,
  Education: educationErrors,
  Family: familyErrors,
  Health: healthErrors,
  Identity: identityErrors,
  Notifications: notificationErrors,
  Partners: partnerErrors,
  Payments: paymentErrors,
  Support: supportErrors,
  Violations: violationErrors,
};

export const USER_ERROR_CODES_FILE = 'schema/user-error-codes.graphql';

/** Every code, and what it means in each module that sends it. */
export function userErrorCodes(catalogs = userErrorCatalogs): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const [module, catalog] of Object.entries(catalogs)) {
    for (const [code, message] of Object.entries(catalog)) codes.set(code, [...(codes.get(code) ?? []), `${module}: ${message.en}`]);
  }
  return new Map([...codes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const sdlString = (text: string) => JSON.stringify(text);

export function printUserErrorCodeEnum(catalogs = userErrorCatalogs): string {
  const values = [...userErrorCodes(catalogs)].map(([code, meanings]) => `  ${sdlString(meanings.join(' '))}\n  ${code}`);
  return `"""
Every code a \`UserError\` can carry, as an enum a client can switch on exhaustively (\`UserError.typedCode\`).
Each value says, per module that sends it, the English message that goes with it ({…} is filled in).
A new code is added here when a module adds one; a code is never removed, only deprecated.
Generated from each module's \`errors.ts\` by \`npm run codegen\`: never edit by hand.
"""
enum UserErrorCode {
${values.join('\n')}
}
`;
}
