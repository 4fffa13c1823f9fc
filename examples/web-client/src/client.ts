// A minimal typed client for frontend teams: the documents in operations/ are
// compiled by GraphQL Code Generator's client preset into ./gql, so variables
// and results are typed end to end. Any GraphQL client that accepts a
// TypedDocumentNode works the same way: apollo-client.ts does it with Apollo
// Client.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { registerPerson, type RegistrationDetails } from './registration.js';

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

/** The registration flow (registration.ts) over plain fetch. */
export function register(options: ClientOptions, details: RegistrationDetails, askForSmsCode: (maskedMobile: string) => Promise<string>) {
  return registerPerson((document, variables) => execute(options, document, variables), details, askForSmsCode);
}
