// Administrators disable and enable accounts (checklist E10: after an account
// is disabled, its refresh and access tokens stop at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, operations, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { grantRoles } from '../helpers/violations.js';
import { accounts } from '../../src/modules/identity/tables.js';
import { first } from '../../src/db/database.js';

let platform: TestPlatform;
let admin: SignedIn;
beforeAll(async () => {
  platform = await startTestPlatform();
  const adminAccount = await registerAccount(platform);
  await grantRoles(platform, adminAccount.idNumber, ['ADMIN']);
  admin = await signInAccount(platform, adminAccount);
});
afterAll(async () => {
  await platform.stop();
});

const DISABLE = `mutation($input: DisableAccountInput!) { disableAccount(input: $input) { disabled userErrors { field code message } } }`;
const ENABLE = `mutation($input: EnableAccountInput!) { enableAccount(input: $input) { enabled userErrors { field code message } } }`;
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { session { accessToken } userErrors { code } } }`;
const START_RESET = `mutation($input: StartPasswordResetInput!) { startPasswordReset(input: $input) { challenge { id } userErrors { code } } }`;
const EVENTS = `{ me { securityEvents(first: 20) { edges { node { type device ipAddress } } } } }`;

const disable = (token: string, idNumber: string, reason = 'FRAUD_REPORTED', headers: Record<string, string> = {}) =>
  platform.gql<any>(DISABLE, { input: { idNumber, reason } }, { token, headers });
const enable = (token: string, idNumber: string) => platform.gql<any>(ENABLE, { input: { idNumber } }, { token }).then((a) => a.data.enableAccount);
const meCode = (token: string) => platform.gql<any>(`{ me { id } }`, {}, { token }).then((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
const accountRow = async (idNumber: string) => (await first(platform.db.read.select().from(accounts).where(eq(accounts.personIdNumber, idNumber))))!;

describe('disabling an account', () => {
  it('ends its tokens at once, shuts sign-in and password reset alike for it, and the person sees it once enabled again', async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    const answer = await disable(admin.accessToken, person.idNumber);
    expect(answer.data.disableAccount).toEqual({ disabled: true, userErrors: [] });
    expect(await accountRow(person.idNumber)).toMatchObject({ status: 'DISABLED', disabledReason: 'FRAUD_REPORTED' });

    expect(await meCode(person.accessToken)).toBe('UNAUTHENTICATED');
    expect((await platform.gql<any>(REFRESH, { input: { refreshToken: person.refreshToken } })).data.refreshSession.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    const sent = platform.outbox().length;
    // The right password gets what a wrong one gets, and no code goes out.
    const signIn = await platform.gql<any>(operations.SIGN_IN, { input: { username: person.username, password: person.password } });
    expect(signIn.data.signIn).toMatchObject({ challenge: null, userErrors: [{ code: 'INVALID_CREDENTIALS' }] });
    const reset = await platform.gql<any>(START_RESET, { input: { idNumber: person.idNumber, dateOfBirth: person.dateOfBirth } });
    expect(reset.data.startPasswordReset).toMatchObject({ challenge: null, userErrors: [{ code: 'IDENTITY_NOT_VERIFIED' }] });
    expect(platform.outbox()).toHaveLength(sent);

    expect(await enable(admin.accessToken, person.idNumber)).toEqual({ enabled: true, userErrors: [] });
    // Old tokens stay dead; the person signs in anew and reads what happened, without the administrator's address.
    expect(await meCode(person.accessToken)).toBe('UNAUTHENTICATED');
    const again = await signInAccount(platform, person);
    const events = (await platform.gql<any>(EVENTS, {}, { token: again.accessToken })).data.me.securityEvents.edges.map((e: any) => e.node);
    expect(events.filter((e: any) => e.type.startsWith('ACCOUNT_') && e.type !== 'ACCOUNT_CREATED')).toEqual([
      { type: 'ACCOUNT_ENABLED', device: 'administrator', ipAddress: null },
      { type: 'ACCOUNT_DISABLED', device: 'administrator', ipAddress: null },
    ]);
  });
});

describe('refusals', () => {
  it('answers a citizen FORBIDDEN and changes nothing', async () => {
    const citizen = await signInAccount(platform, await registerAccount(platform));
    const target = await registerAccount(platform);
    const answer = await disable(citizen.accessToken, target.idNumber);
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await accountRow(target.idNumber)).status).toBe('ACTIVE');
  });

  it('refuses a malformed ID, an ID with no account, the administrator\'s own account, and a second disable or enable (enable refuses the same bad IDs), in the caller\'s language', async () => {
    const target = await registerAccount(platform);
    const codeOf = (payload: { userErrors: Array<{ code: string; field: string[] }> }) => [payload.userErrors[0]?.code, payload.userErrors[0]?.field];
    expect(codeOf((await disable(admin.accessToken, '1000000009')).data.disableAccount)).toEqual(['INVALID_ID_NUMBER', ['idNumber']]);
    expect(codeOf((await disable(admin.accessToken, (await addRegistryPerson(platform)).idNumber)).data.disableAccount)).toEqual(['ACCOUNT_NOT_FOUND', ['idNumber']]);
    expect(codeOf((await disable(admin.accessToken, admin.idNumber)).data.disableAccount)).toEqual(['CANNOT_DISABLE_OWN_ACCOUNT', ['idNumber']]);
    expect(codeOf(await enable(admin.accessToken, target.idNumber))).toEqual(['ACCOUNT_NOT_DISABLED', ['idNumber']]);
    expect(codeOf(await enable(admin.accessToken, '1000000009'))).toEqual(['INVALID_ID_NUMBER', ['idNumber']]);
    expect(codeOf(await enable(admin.accessToken, (await addRegistryPerson(platform)).idNumber))).toEqual(['ACCOUNT_NOT_FOUND', ['idNumber']]);
    expect((await disable(admin.accessToken, target.idNumber, 'PERSON_REQUESTED')).data.disableAccount.disabled).toBe(true);
    const twice = (await disable(admin.accessToken, target.idNumber, 'DECEASED', { 'accept-language': 'ar' })).data.disableAccount;
    expect(twice).toMatchObject({ disabled: false, userErrors: [{ code: 'ACCOUNT_ALREADY_DISABLED', message: 'هذا الحساب معطّل بالفعل.' }] });
    // The refused call kept the first reason.
    expect((await accountRow(target.idNumber)).disabledReason).toBe('PERSON_REQUESTED');
    expect((await accountRow(admin.idNumber)).status).toBe('ACTIVE');
  });
});
