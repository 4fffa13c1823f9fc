// A minimal typed client for frontend teams: the documents in operations/ are
// compiled by GraphQL Code Generator's client preset into ./gql, so variables
// and results are typed end to end. Any fetch-based GraphQL client works the
// same way (urql, Apollo Client, graphql-request accept TypedDocumentNode).
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CompleteRegistrationDocument, StartRegistrationDocument, VerifyRegistrationCodeDocument } from './gql/graphql.js';

export interface ClientOptions {
  endpoint: string;
  language?: 'ar' | 'en';
  accessToken?: string;
}

export async function execute<Result, Variables>(
  options: ClientOptions,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(options.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'accept-language': options.language ?? 'en',
      ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(`${body.errors[0]!.extensions?.code}: ${body.errors[0]!.message}`);
  return body.data as Result;
}

/**
 * The registration flow as a screen would drive it: each step shows the
 * `userErrors` (already in the person's language) next to the `field` they name.
 */
export async function register(
  options: ClientOptions,
  details: { idNumber: string; dateOfBirth: string; username: string; password: string; email: string },
  askForSmsCode: (maskedMobile: string) => Promise<string>,
) {
  const started = await execute(options, StartRegistrationDocument, { input: { idNumber: details.idNumber, dateOfBirth: details.dateOfBirth } });
  const registration = started.startRegistration.registration;
  if (!registration) return { userErrors: started.startRegistration.userErrors };

  const code = await askForSmsCode(registration.maskedMobile);
  const verified = await execute(options, VerifyRegistrationCodeDocument, { input: { registrationId: registration.id, code } });
  if (!verified.verifyRegistrationCode.registration?.verified) return { userErrors: verified.verifyRegistrationCode.userErrors };

  const completed = await execute(options, CompleteRegistrationDocument, {
    input: { registrationId: registration.id, username: details.username, password: details.password, email: details.email },
  });
  return { account: completed.completeRegistration.account, userErrors: completed.completeRegistration.userErrors };
}
