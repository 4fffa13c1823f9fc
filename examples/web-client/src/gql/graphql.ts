/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How a one-time code reaches the person. */
export type ChallengeChannel =
  /** An e-mail to the account's address. */
  | 'EMAIL'
  /** A text message to the registry's mobile number. */
  | 'SMS'
  /** The person's authenticator app. */
  | 'TOTP';

/** The account details chosen at the end of registration. */
export type CompleteRegistrationInput = {
  /** An e-mail address, confirmed later with a code. */
  email: string;
  /** At least 12 characters, not a commonly used password. */
  password: string;
  /** The verified registration's ID. */
  registrationId: string | number;
  /** The sign-in name: 3 to 32 letters, digits, dots, dashes or underscores; unique regardless of case. */
  username: string;
};

/** The kind of an official document held in the identity registry. */
export type DocumentType =
  /** A driving licence. */
  | 'DRIVING_LICENSE'
  /** A resident's Iqama (residence permit). */
  | 'IQAMA'
  /** A Saudi national ID card. */
  | 'NATIONAL_ID'
  /** A passport. */
  | 'PASSPORT'
  /** A vehicle registration (istimara). */
  | 'VEHICLE_REGISTRATION';

/** The first sign-in step. */
export type SignInInput = {
  /** How to receive the second-factor code; SMS unless an authenticator app is enrolled and asked for. */
  channel?: ChallengeChannel | null | undefined;
  /** The password. */
  password: string;
  /** The sign-in name, in any case. */
  username: string;
};

/** The ID number and date of birth of a person who wants an account. */
export type StartRegistrationInput = {
  /** The date of birth, as the registry records it. */
  dateOfBirth: string;
  /** The national ID or Iqama number. */
  idNumber: string;
};

/**
 * Every code a `UserError` can carry, as an enum a client can switch on exhaustively (`UserError.typedCode`).
 * Each value says, per module that sends it, the English message that goes with it ({…} is filled in).
 * A new code is added here when a module adds one; a code is never removed, only deprecated.
 * Generated from each module's `errors.ts` by `npm run codegen`: never edit by hand.
 */
export type UserErrorCode =
  /** Identity: This account is already disabled. */
  | 'ACCOUNT_ALREADY_DISABLED'
  /** Identity: This account is not disabled. */
  | 'ACCOUNT_NOT_DISABLED'
  /** Identity: No account belongs to this ID number. */
  | 'ACCOUNT_NOT_FOUND'
  /** Family: This person is already registered as a dependent. */
  | 'ALREADY_A_DEPENDENT'
  /** Education: This record has already been decided. */
  | 'ALREADY_DECIDED'
  /** Family: This person is already linked to your family record. */
  | 'ALREADY_LINKED'
  /** Violations: The fine must be a positive amount in SAR with at most two decimals, up to {max}. */
  | 'AMOUNT_INVALID'
  /** Health: Only a booked appointment that has not started can be changed. */
  | 'APPOINTMENT_NOT_BOOKED'
  /** Health: No such appointment. */
  | 'APPOINTMENT_NOT_FOUND'
  /** Payments: This bill is already paid. */
  | 'BILL_ALREADY_PAID'
  /** Payments: This bill was cancelled and is not owed. */
  | 'BILL_CANCELLED'
  /** Payments: This bill was not found. */
  | 'BILL_NOT_FOUND'
  /** Payments: This bill is on hold while an objection is decided. */
  | 'BILL_ON_HOLD'
  /** Payments: Another payment of this bill is in progress. */
  | 'BILL_PAYMENT_IN_PROGRESS'
  /** Identity: You cannot disable your own account; ask another administrator. */
  | 'CANNOT_DISABLE_OWN_ACCOUNT'
  /** Family: You cannot add yourself. */
  | 'CANNOT_LINK_SELF'
  /** Payments: The card was declined. Nothing was paid. */
  | 'CARD_DECLINED'
  /** Payments: The card details are not valid. */
  | 'CARD_TOKEN_INVALID'
  /** Identity: This request is not valid or has ended. Start again. */
  | 'CHALLENGE_NOT_FOUND'
  /** Violations: Enter the city (1 to 100 characters). */
  | 'CITY_INVALID'
  /** Identity: Too many wrong codes. Ask for a new code. */
  | 'CODE_ATTEMPTS_EXCEEDED'
  /** Identity: The code has expired. Ask for a new one. */
  | 'CODE_EXPIRED'
  /** Identity: The code is not correct. */
  | 'CODE_INVALID'
  /** Partners: No such consent. */
  | 'CONSENT_NOT_FOUND'
  /** Family: Give the reason for the rejection (up to 500 characters). */
  | 'DECISION_NOTE_REQUIRED'
  /** Violations: The note can have at most {max} characters. */
  | 'DECISION_NOTE_TOO_LONG'
  /** Education: Enter the qualification, {min} to {max} characters. */
  | 'DEGREE_INVALID'
  /** Family: This authorization has already ended. */
  | 'DELEGATION_ALREADY_ENDED'
  /** Family: An authorization of this kind to this person for this subject is already pending or active. */
  | 'DELEGATION_EXISTS'
  /** Family: This authorization has expired. */
  | 'DELEGATION_EXPIRED'
  /** Family: No such authorization. */
  | 'DELEGATION_NOT_FOUND'
  /** Family: This authorization is no longer waiting for an answer. */
  | 'DELEGATION_NOT_PENDING'
  /** Family: No such dependent. */
  | 'DEPENDENT_NOT_FOUND'
  /** Violations: Describe the violation in Arabic and English (1 to 500 characters each). */
  | 'DESCRIPTION_INVALID'
  /** Documents: An expired document cannot be proven valid. */
  | 'DOCUMENT_EXPIRED'
  /** Documents: No such document. */
  | 'DOCUMENT_NOT_FOUND'
  /** Education: This qualification is already recorded or waiting for verification. */
  | 'DUPLICATE_RECORD'
  /** Identity: The e-mail address is already confirmed. */
  | 'EMAIL_ALREADY_VERIFIED'
  /** Identity: Enter a valid e-mail address. */
  | 'EMAIL_INVALID'
  /** Documents: An extension of this visa is already waiting for payment. */
  | 'EXTENSION_ALREADY_PENDING'
  /** Education: The field of study can have at most {max} characters. */
  | 'FIELD_TOO_LONG'
  /** Education: The graduation year must be between your year of birth and this year ({year}). */
  | 'GRADUATION_YEAR_INVALID'
  /** Family: You cannot authorize yourself. */
  | 'GRANTEE_IS_GRANTOR'
  /** Family: Only an adult (18 or older) can register a newborn or add a spouse. */
  | 'GUARDIAN_NOT_ADULT'
  /** Payments: The idempotency key must be 1 to 255 visible characters. */
  | 'IDEMPOTENCY_KEY_INVALID'
  /** Payments: This idempotency key was already used for other bills. Use a new key for a new payment. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** Identity: We could not verify these details. Check the ID number and date of birth. */
  | 'IDENTITY_NOT_VERIFIED'
  /** Education: Enter the institution name, {min} to {max} characters. */
  | 'INSTITUTION_INVALID'
  /** Identity: The username or password is not correct. */
  | 'INVALID_CREDENTIALS'
  /** Identity: Enter a valid 10-digit national ID or Iqama number. Violations: Enter a valid 10-digit national ID or Iqama number. */
  | 'INVALID_ID_NUMBER'
  /** Family: The period must start today or later and end on or after its start. */
  | 'INVALID_PERIOD'
  /** Identity: This session has ended. Sign in again. */
  | 'INVALID_REFRESH_TOKEN'
  /** Documents: Your Iqama must be valid to get an exit and re-entry visa. */
  | 'IQAMA_NOT_VALID'
  /** Violations: A violation cannot be dated in the future. */
  | 'ISSUED_AT_IN_FUTURE'
  /** Support: Write a message. */
  | 'MESSAGE_EMPTY'
  /** Support: The message can have at most {max} characters. */
  | 'MESSAGE_TOO_LONG'
  /** Family: Enter the nationality as a two-letter country code, such as EG. */
  | 'NATIONALITY_INVALID'
  /** Education: Give the person the reason for the rejection. */
  | 'NOTE_REQUIRED'
  /** Education: The note can have at most {max} characters. Health: The note can have at most 500 characters. */
  | 'NOTE_TOO_LONG'
  /** Notifications: Name the notifications to mark read, or ask for all of them. */
  | 'NOTHING_TO_MARK'
  /** Family: Only a child under one year old can be registered as a newborn. */
  | 'NOT_A_NEWBORN'
  /** Documents: Exit and re-entry visas are for residents holding an Iqama. */
  | 'NOT_A_RESIDENT'
  /** Family: You are not the guardian of a child with this ID number. */
  | 'NOT_GUARDIAN_OF_SUBJECT'
  /** Documents: This document cannot be renewed online. */
  | 'NOT_RENEWABLE_ONLINE'
  /** Payments: Choose at least one bill to pay. */
  | 'NO_BILLS'
  /** Violations: This objection was already decided. */
  | 'OBJECTION_ALREADY_DECIDED'
  /** Violations: An objection to this violation is already waiting for a decision. */
  | 'OBJECTION_ALREADY_PENDING'
  /** Violations: This objection was not found. */
  | 'OBJECTION_NOT_FOUND'
  /** Violations: An officer cannot decide an objection they filed themselves. */
  | 'OBJECTION_OWN'
  /** Violations: Write the reason for the objection. */
  | 'OBJECTION_REASON_REQUIRED'
  /** Violations: The reason can have at most {max} characters. */
  | 'OBJECTION_REASON_TOO_LONG'
  /** Violations: Objections can be filed only within {days} days of the violation. */
  | 'OBJECTION_WINDOW_CLOSED'
  /** Documents: This document can be renewed from {opensOn}, when fewer than {days} days are left. */
  | 'OUTSIDE_RENEWAL_WINDOW'
  /** Health: The patient already has an appointment at this time. */
  | 'OVERLAPPING_APPOINTMENT'
  /** Family: An officer cannot decide or issue their own application. */
  | 'OWN_APPLICATION'
  /** Education: Another education officer must decide on your own record. */
  | 'OWN_RECORD'
  /** Support: Another support agent must handle your own ticket. */
  | 'OWN_TICKET'
  /** Partners: No such partner. */
  | 'PARTNER_NOT_FOUND'
  /** Documents: Your passport must be valid for at least {days} more days. */
  | 'PASSPORT_EXPIRING'
  /** Family: Enter a passport number of 5 to 20 letters and digits. */
  | 'PASSPORT_NUMBER_INVALID'
  /** Identity: This password is too common or easy to guess. Choose another. */
  | 'PASSWORD_TOO_COMMON'
  /** Identity: The password is too long. */
  | 'PASSWORD_TOO_LONG'
  /** Identity: The password needs at least 12 characters. */
  | 'PASSWORD_TOO_SHORT'
  /** Health: You cannot book for this person. */
  | 'PATIENT_NOT_FOUND'
  /** Payments: The payment could not be completed and nothing was paid. Try again with the same idempotency key. */
  | 'PAYMENT_FAILED'
  /** Documents: A payment for this is in progress. Try again in a moment. */
  | 'PAYMENT_IN_PROGRESS'
  /** Documents: This renewal period is not offered for this document. */
  | 'PERIOD_NOT_OFFERED'
  /** Family: An authorization can last at most one year. */
  | 'PERIOD_TOO_LONG'
  /** Family: No person with this ID number is in the civil registry. Violations: No person with this ID number is in the registry. */
  | 'PERSON_NOT_FOUND'
  /** Violations: Enter the plate (1 to 20 characters). */
  | 'PLATE_INVALID'
  /** Health: No such prescription. */
  | 'PRESCRIPTION_NOT_FOUND'
  /** Partners: This partner does not offer that service. */
  | 'PURPOSE_NOT_OFFERED'
  /** Education: There is no such education record. */
  | 'RECORD_NOT_FOUND'
  /** Health: This prescription still has refills left; a renewal is for a prescription with none. */
  | 'REFILLS_REMAINING'
  /** Payments: Only a failed refund can be sent again; this one is pending or already credited. */
  | 'REFUND_NOT_FAILED'
  /** Payments: This refund was not found. */
  | 'REFUND_NOT_FOUND'
  /** Identity: Confirm the SMS code before choosing your account details. */
  | 'REGISTRATION_NOT_VERIFIED'
  /** Health: This request has already been decided. */
  | 'RENEWAL_ALREADY_DECIDED'
  /** Documents: A renewal of this document is already waiting for payment. Health: A renewal of this prescription is already waiting for a decision. */
  | 'RENEWAL_ALREADY_PENDING'
  /** Documents: No such renewal. Health: No such renewal request. */
  | 'RENEWAL_NOT_FOUND'
  /** Documents: Only a renewal waiting for payment can be cancelled. */
  | 'RENEWAL_NOT_PENDING'
  /** Identity: Wait {seconds} seconds before asking for another code. */
  | 'RESEND_TOO_SOON'
  /** Identity: No such session. */
  | 'SESSION_NOT_FOUND'
  /** Health: This slot has already started. Choose a later time. */
  | 'SLOT_IN_PAST'
  /** Health: No such appointment slot. */
  | 'SLOT_NOT_FOUND'
  /** Health: This slot has just been taken. Choose another time. */
  | 'SLOT_UNAVAILABLE'
  /** Family: A spouse must be of the other gender, as the marriage record requires. */
  | 'SPOUSE_GENDER_INVALID'
  /** Family: Both spouses must be 18 or older. */
  | 'SPOUSE_NOT_ADULT'
  /** Family: This person declined your request less than 30 days ago. You can ask again once 30 days have passed. */
  | 'SPOUSE_REQUEST_DECLINED_RECENTLY'
  /** Family: A spouse request between you and this person is already waiting for an answer. */
  | 'SPOUSE_REQUEST_EXISTS'
  /** Family: This spouse request has expired. */
  | 'SPOUSE_REQUEST_EXPIRED'
  /** Family: You have sent as many spouse requests as one day allows. Try again tomorrow. */
  | 'SPOUSE_REQUEST_LIMIT_REACHED'
  /** Family: No such spouse request. */
  | 'SPOUSE_REQUEST_NOT_FOUND'
  /** Family: This spouse request is no longer waiting for an answer. */
  | 'SPOUSE_REQUEST_NOT_PENDING'
  /** Family: The person authorized cannot be the dependent the authorization is about. */
  | 'SUBJECT_IS_GRANTEE'
  /** Support: The subject can have at most {max} characters. */
  | 'SUBJECT_TOO_LONG'
  /** Support: The subject needs at least {min} characters. */
  | 'SUBJECT_TOO_SHORT'
  /** Support: This ticket is closed and takes no more messages. Open a new ticket. */
  | 'TICKET_CLOSED'
  /** Support: There is no such support ticket. */
  | 'TICKET_NOT_FOUND'
  /** Identity: Too many attempts. Try again in {seconds} seconds. */
  | 'TOO_MANY_ATTEMPTS'
  /** Payments: Pay at most {max} bills at a time. */
  | 'TOO_MANY_BILLS'
  /** Notifications: Mark at most {max} notifications at once, or ask for all of them. */
  | 'TOO_MANY_NOTIFICATIONS'
  /** Support: You already have {max} tickets in progress. Wait for an answer or write on one of them. */
  | 'TOO_MANY_OPEN_TICKETS'
  /** Identity: An authenticator app is already set up. Remove it before setting up another. */
  | 'TOTP_ALREADY_ENROLLED'
  /** Identity: Start setting up the authenticator app first. */
  | 'TOTP_ENROLLMENT_NOT_STARTED'
  /** Identity: No authenticator app is set up for this account. */
  | 'TOTP_NOT_ENROLLED'
  /** Documents: Pay your {count} unpaid dependant fees (SAR {amount}) before renewing the Iqama. */
  | 'UNPAID_DEPENDENT_FEES'
  /** Documents: Pay your {count} unpaid traffic violations (SAR {amount}) before renewing. */
  | 'UNPAID_VIOLATIONS'
  /** Identity: A username has 3 to 32 letters, digits, dots, dashes or underscores. */
  | 'USERNAME_INVALID'
  /** Identity: This username is taken. Choose another. */
  | 'USERNAME_TAKEN'
  /** Family: You do not own a vehicle with this plate. */
  | 'VEHICLE_NOT_OWNED'
  /** Violations: This violation was cancelled. */
  | 'VIOLATION_CANCELLED'
  /** Violations: This violation was not found. */
  | 'VIOLATION_NOT_FOUND'
  /** Violations: A payment of this violation is in progress. Try again in a moment. */
  | 'VIOLATION_PAYMENT_IN_PROGRESS'
  /** Documents: You already have an exit and re-entry visa that is issued or waiting for payment. */
  | 'VISA_ALREADY_ACTIVE'
  /** Documents: This visa is already cancelled. */
  | 'VISA_ALREADY_CANCELLED'
  /** Family: An application for this visitor is already being processed. */
  | 'VISA_APPLICATION_OPEN'
  /** Family: The visa fee has not been paid yet. */
  | 'VISA_FEE_UNPAID'
  /** Documents: Choose from {min} to {max} months. */
  | 'VISA_MONTHS_INVALID'
  /** Family: Only an approved application can be issued. */
  | 'VISA_NOT_APPROVED'
  /** Documents: No such visa. Family: No such visa application. */
  | 'VISA_NOT_FOUND'
  /** Documents: Only an issued visa that has not ended can be extended. */
  | 'VISA_NOT_ISSUED'
  /** Family: This application has already been decided. */
  | 'VISA_NOT_SUBMITTED'
  /** Family: Saudi citizens do not need a visit visa. */
  | 'VISITOR_IS_SAUDI'
  /** Family: Enter the visitor's name as in the passport (2 to 100 characters). */
  | 'VISITOR_NAME_INVALID'
  /** Family: The visit must start after today, within a year, and end after it starts. */
  | 'VISIT_DATES_INVALID'
  /** Family: A family visit can last at most 90 days. */
  | 'VISIT_TOO_LONG';

/** The code a person received by SMS during registration. */
export type VerifyRegistrationCodeInput = {
  /** The six-digit code. */
  code: string;
  /** The registration's ID. */
  registrationId: string | number;
};

/** The second sign-in step. */
export type VerifySignInInput = {
  /** The challenge's ID. */
  challengeId: string | number;
  /** The six-digit code. */
  code: string;
};

export type StartRegistrationMutationVariables = Exact<{
  input: StartRegistrationInput;
}>;


export type StartRegistrationMutation = { startRegistration: { registration: { id: string, maskedMobile: string, expiresAt: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string, typedCode: UserErrorCode }> } };

export type VerifyRegistrationCodeMutationVariables = Exact<{
  input: VerifyRegistrationCodeInput;
}>;


export type VerifyRegistrationCodeMutation = { verifyRegistrationCode: { registration: { id: string, verified: boolean } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string, typedCode: UserErrorCode }> } };

export type CompleteRegistrationMutationVariables = Exact<{
  input: CompleteRegistrationInput;
}>;


export type CompleteRegistrationMutation = { completeRegistration: { account: { id: string, username: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string, typedCode: UserErrorCode }> } };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { challenge: { id: string, maskedMobile: string | null, expiresAt: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string, typedCode: UserErrorCode }> } };

export type VerifySignInMutationVariables = Exact<{
  input: VerifySignInInput;
}>;


export type VerifySignInMutation = { verifySignIn: { session: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string, typedCode: UserErrorCode }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, username: string, person: { maskedMobile: string, name: { ar: string, en: string } } } };

export type MatchIdentityQueryVariables = Exact<{
  idNumber: string;
  fullNameEn: string;
  dateOfBirth: string;
}>;


export type MatchIdentityQuery = { matchIdentity: { consented: boolean, match: boolean | null } };

export type VerifyDocumentQueryVariables = Exact<{
  idNumber: string;
  documentNumber: string;
}>;


export type VerifyDocumentQuery = { verifyDocument: { valid: boolean, type: DocumentType | null, expiresOn: string | null } };


export const StartRegistrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartRegistrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"typedCode"}}]}}]}}]}}]} as unknown as DocumentNode<StartRegistrationMutation, StartRegistrationMutationVariables>;
export const VerifyRegistrationCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyRegistrationCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VerifyRegistrationCodeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyRegistrationCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"typedCode"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyRegistrationCodeMutation, VerifyRegistrationCodeMutationVariables>;
export const CompleteRegistrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteRegistrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"typedCode"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteRegistrationMutation, CompleteRegistrationMutationVariables>;
export const SignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challenge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"typedCode"}}]}}]}}]}}]} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const VerifySignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifySignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VerifySignInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifySignIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"typedCode"}}]}}]}}]}}]} as unknown as DocumentNode<VerifySignInMutation, VerifySignInMutationVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ar"}},{"kind":"Field","name":{"kind":"Name","value":"en"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const MatchIdentityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MatchIdentity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fullNameEn"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dateOfBirth"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchIdentity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"idNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"fullNameEn"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fullNameEn"}}},{"kind":"Argument","name":{"kind":"Name","value":"dateOfBirth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dateOfBirth"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"consented"}},{"kind":"Field","name":{"kind":"Name","value":"match"}}]}}]}}]} as unknown as DocumentNode<MatchIdentityQuery, MatchIdentityQueryVariables>;
export const VerifyDocumentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerifyDocument"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"documentNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyDocument"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"idNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"documentNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"documentNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}}]}}]}}]} as unknown as DocumentNode<VerifyDocumentQuery, VerifyDocumentQueryVariables>;