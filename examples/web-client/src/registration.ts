// The registration flow as a screen drives it, whatever client sends the
// operations: each step shows the `userErrors` (already in the person's
// language) next to the `field` they name, and stops there.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CompleteRegistrationDocument, StartRegistrationDocument, VerifyRegistrationCodeDocument } from './gql/graphql.js';

/** Sends one typed operation and returns its data; the fetch client and Apollo Client both provide one. */
export type RunOperation = <Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables) => Promise<Result>;

export interface RegistrationDetails {
  idNumber: string;
  dateOfBirth: string;
  username: string;
  password: string;
  email: string;
}

export async function registerPerson(run: RunOperation, details: RegistrationDetails, askForSmsCode: (maskedMobile: string) => Promise<string>) {
  const started = await run(StartRegistrationDocument, { input: { idNumber: details.idNumber, dateOfBirth: details.dateOfBirth } });
  const registration = started.startRegistration.registration;
  if (!registration) return { userErrors: started.startRegistration.userErrors };

  const code = await askForSmsCode(registration.maskedMobile);
  const verified = await run(VerifyRegistrationCodeDocument, { input: { registrationId: registration.id, code } });
  if (!verified.verifyRegistrationCode.registration?.verified) return { userErrors: verified.verifyRegistrationCode.userErrors };

  const completed = await run(CompleteRegistrationDocument, {
    input: { registrationId: registration.id, username: details.username, password: details.password, email: details.email },
  });
  return { account: completed.completeRegistration.account, userErrors: completed.completeRegistration.userErrors };
}
