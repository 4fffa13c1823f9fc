// The scopes a partner client can hold, each a use case a person's data may
// serve. New scopes are added here and used in the schema's @partnerScope.
export const PARTNER_SCOPES = {
  'documents:verify': 'Confirm that a document number belongs to an ID and is valid',
  'identity:match': "Confirm that a name and date of birth match an ID, with the person's consent",
} as const;

export type PartnerScope = keyof typeof PARTNER_SCOPES;

export function isPartnerScope(value: string): value is PartnerScope {
  return Object.hasOwn(PARTNER_SCOPES, value);
}
