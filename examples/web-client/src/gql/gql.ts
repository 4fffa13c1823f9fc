/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation StartRegistration($input: StartRegistrationInput!) {\n  startRegistration(input: $input) {\n    registration {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifyRegistrationCode($input: VerifyRegistrationCodeInput!) {\n  verifyRegistrationCode(input: $input) {\n    registration {\n      id\n      verified\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation CompleteRegistration($input: CompleteRegistrationInput!) {\n  completeRegistration(input: $input) {\n    account {\n      id\n      username\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}": typeof types.StartRegistrationDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    challenge {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifySignIn($input: VerifySignInInput!) {\n  verifySignIn(input: $input) {\n    session {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    person {\n      name {\n        ar\n        en\n      }\n      maskedMobile\n    }\n  }\n}": typeof types.SignInDocument,
    "query MatchIdentity($idNumber: String!, $fullNameEn: String!, $dateOfBirth: Date!) {\n  matchIdentity(\n    idNumber: $idNumber\n    fullNameEn: $fullNameEn\n    dateOfBirth: $dateOfBirth\n  ) {\n    consented\n    match\n  }\n}": typeof types.MatchIdentityDocument,
    "query VerifyDocument($idNumber: String!, $documentNumber: String!) {\n  verifyDocument(idNumber: $idNumber, documentNumber: $documentNumber) {\n    valid\n    type\n    expiresOn\n  }\n}": typeof types.VerifyDocumentDocument,
};
const documents: Documents = {
    "mutation StartRegistration($input: StartRegistrationInput!) {\n  startRegistration(input: $input) {\n    registration {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifyRegistrationCode($input: VerifyRegistrationCodeInput!) {\n  verifyRegistrationCode(input: $input) {\n    registration {\n      id\n      verified\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation CompleteRegistration($input: CompleteRegistrationInput!) {\n  completeRegistration(input: $input) {\n    account {\n      id\n      username\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}": types.StartRegistrationDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    challenge {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifySignIn($input: VerifySignInInput!) {\n  verifySignIn(input: $input) {\n    session {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    person {\n      name {\n        ar\n        en\n      }\n      maskedMobile\n    }\n  }\n}": types.SignInDocument,
    "query MatchIdentity($idNumber: String!, $fullNameEn: String!, $dateOfBirth: Date!) {\n  matchIdentity(\n    idNumber: $idNumber\n    fullNameEn: $fullNameEn\n    dateOfBirth: $dateOfBirth\n  ) {\n    consented\n    match\n  }\n}": types.MatchIdentityDocument,
    "query VerifyDocument($idNumber: String!, $documentNumber: String!) {\n  verifyDocument(idNumber: $idNumber, documentNumber: $documentNumber) {\n    valid\n    type\n    expiresOn\n  }\n}": types.VerifyDocumentDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartRegistration($input: StartRegistrationInput!) {\n  startRegistration(input: $input) {\n    registration {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifyRegistrationCode($input: VerifyRegistrationCodeInput!) {\n  verifyRegistrationCode(input: $input) {\n    registration {\n      id\n      verified\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation CompleteRegistration($input: CompleteRegistrationInput!) {\n  completeRegistration(input: $input) {\n    account {\n      id\n      username\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}"): (typeof documents)["mutation StartRegistration($input: StartRegistrationInput!) {\n  startRegistration(input: $input) {\n    registration {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifyRegistrationCode($input: VerifyRegistrationCodeInput!) {\n  verifyRegistrationCode(input: $input) {\n    registration {\n      id\n      verified\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation CompleteRegistration($input: CompleteRegistrationInput!) {\n  completeRegistration(input: $input) {\n    account {\n      id\n      username\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    challenge {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifySignIn($input: VerifySignInInput!) {\n  verifySignIn(input: $input) {\n    session {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    person {\n      name {\n        ar\n        en\n      }\n      maskedMobile\n    }\n  }\n}"): (typeof documents)["mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    challenge {\n      id\n      maskedMobile\n      expiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nmutation VerifySignIn($input: VerifySignInInput!) {\n  verifySignIn(input: $input) {\n    session {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n    }\n    userErrors {\n      field\n      message\n      code\n      typedCode\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    person {\n      name {\n        ar\n        en\n      }\n      maskedMobile\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MatchIdentity($idNumber: String!, $fullNameEn: String!, $dateOfBirth: Date!) {\n  matchIdentity(\n    idNumber: $idNumber\n    fullNameEn: $fullNameEn\n    dateOfBirth: $dateOfBirth\n  ) {\n    consented\n    match\n  }\n}"): (typeof documents)["query MatchIdentity($idNumber: String!, $fullNameEn: String!, $dateOfBirth: Date!) {\n  matchIdentity(\n    idNumber: $idNumber\n    fullNameEn: $fullNameEn\n    dateOfBirth: $dateOfBirth\n  ) {\n    consented\n    match\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VerifyDocument($idNumber: String!, $documentNumber: String!) {\n  verifyDocument(idNumber: $idNumber, documentNumber: $documentNumber) {\n    valid\n    type\n    expiresOn\n  }\n}"): (typeof documents)["query VerifyDocument($idNumber: String!, $documentNumber: String!) {\n  verifyDocument(idNumber: $idNumber, documentNumber: $documentNumber) {\n    valid\n    type\n    expiresOn\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;