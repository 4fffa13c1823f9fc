// Builders for people in the identity registry and for accounts made through
// the public flow, so each test arranges exactly the person it needs.
import { registryPersons } from '../../src/modules/registry/tables.js';
import type { TestPlatform } from './platform.js';

let serial = 100_000;

/** A well-formed ID (Luhn) of the given kind, different on every call. */
export function newIdNumber(kind: 'CITIZEN' | 'RESIDENT' = 'CITIZEN'): string {
  serial += 1;
  const body = `${kind === 'CITIZEN' ? 1 : 2}${String(serial).padStart(8, '0')}`;
  for (let check = 0; check <= 9; check++) {
    const candidate = `${body}${check}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error('unreachable');
}

function luhnValid(value: string): boolean {
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    let digit = Number(value[i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return total % 10 === 0;
}

export interface TestPerson {
  idNumber: string;
  dateOfBirth: string;
  mobile: string;
}

export async function addRegistryPerson(platform: TestPlatform, overrides: Partial<typeof registryPersons.$inferInsert> = {}): Promise<TestPerson> {
  const idNumber = overrides.idNumber ?? newIdNumber(overrides.kind ?? 'CITIZEN');
  const row = {
    idNumber,
    kind: idNumber.startsWith('1') ? ('CITIZEN' as const) : ('RESIDENT' as const),
    nameAr: 'محمد العتيبي',
    nameEn: 'Mohammed Alotaibi',
    dateOfBirth: '1990-01-31',
    gender: 'M' as const,
    nationality: idNumber.startsWith('1') ? 'SA' : 'EG',
    mobile: `+9665${idNumber.slice(2)}`,
    city: 'Riyadh',
    updatedAt: new Date(),
    ...overrides,
  };
  await platform.db.atomically(async (tx) => {
    await tx.insert(registryPersons).values(row);
  });
  return { idNumber, dateOfBirth: row.dateOfBirth, mobile: row.mobile };
}

export const STRONG_PASSWORD = 'correct horse battery staple 42';

const START = `mutation($input: StartRegistrationInput!) { startRegistration(input: $input) { registration { id maskedMobile expiresAt verified } userErrors { field message code } } }`;
const VERIFY = `mutation($input: VerifyRegistrationCodeInput!) { verifyRegistrationCode(input: $input) { registration { id verified } userErrors { field message code } } }`;
const COMPLETE = `mutation($input: CompleteRegistrationInput!) { completeRegistration(input: $input) { account { id username } userErrors { field message code } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { challenge { id maskedMobile expiresAt channel } userErrors { field message code } } }`;
const VERIFY_SIGN_IN = `mutation($input: VerifySignInInput!) { verifySignIn(input: $input) { session { accessToken refreshToken accessTokenExpiresAt } account { id } userErrors { field message code } } }`;

export const operations = { START, VERIFY, COMPLETE, SIGN_IN, VERIFY_SIGN_IN };

export interface Registered extends TestPerson {
  username: string;
  password: string;
  accountId: string;
}

let usernames = 0;

export async function registerAccount(platform: TestPlatform, given?: TestPerson): Promise<Registered> {
  const person = given ?? (await addRegistryPerson(platform));
  const started = await platform.gql<any>(START, { input: { idNumber: person.idNumber, dateOfBirth: person.dateOfBirth } });
  const registrationId = started.data.startRegistration.registration.id;
  await platform.gql(VERIFY, { input: { registrationId, code: platform.lastCode(person.mobile) } });
  usernames += 1;
  const username = `person${usernames}_${person.idNumber.slice(-4)}`;
  const completed = await platform.gql<any>(COMPLETE, { input: { registrationId, username, password: STRONG_PASSWORD, email: `${username}@example.sa` } });
  const account = completed.data.completeRegistration.account;
  if (!account) throw new Error(JSON.stringify(completed));
  return { ...person, username, password: STRONG_PASSWORD, accountId: account.id };
}

export interface SignedIn extends Registered {
  accessToken: string;
  refreshToken: string;
}

export async function signInAccount(platform: TestPlatform, account: Registered, headers: Record<string, string> = {}): Promise<SignedIn> {
  const first = await platform.gql<any>(SIGN_IN, { input: { username: account.username, password: account.password } }, { headers });
  const challengeId = first.data.signIn.challenge?.id;
  if (!challengeId) throw new Error(JSON.stringify(first));
  const second = await platform.gql<any>(VERIFY_SIGN_IN, { input: { challengeId, code: platform.lastCode(account.mobile) } }, { headers });
  const session = second.data.verifySignIn.session;
  if (!session) throw new Error(JSON.stringify(second));
  return { ...account, accessToken: session.accessToken, refreshToken: session.refreshToken };
}
