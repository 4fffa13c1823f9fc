// One-time codes over time: a resend after the cooldown replaces the code, the
// number of sends per challenge is capped, a sign-in code expires, and the
// SMS is written in the language the person asked in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, operations, registerAccount } from '../helpers/people.js';

const { START, VERIFY, SIGN_IN, VERIFY_SIGN_IN } = operations;
const RESEND = `mutation($input: ResendCodeInput!) { resendCode(input: $input) { expiresAt userErrors { code } } }`;

// The platform's clock; the tests move it forward. No access token is issued
// while it runs ahead of real time, so the tokens' own clock does not matter.
let clock = new Date();
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => clock });
});
afterAll(async () => {
  await platform.stop();
});
const advance = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

async function begin(headers: Record<string, string> = {}) {
  const person = await addRegistryPerson(platform);
  const started = await platform.gql<any>(START, { input: { idNumber: person.idNumber, dateOfBirth: person.dateOfBirth } }, { headers });
  return { person, registrationId: started.data.startRegistration.registration.id as string };
}

describe('resending a code', () => {
  it('after the cooldown sends a new code that works, and the old one no longer does', async () => {
    const { person, registrationId } = await begin();
    const first = platform.lastCode(person.mobile);
    advance(61);
    const resent = await platform.gql<any>(RESEND, { input: { challengeId: registrationId } });
    expect(resent.data.resendCode.userErrors).toEqual([]);
    const second = platform.lastCode(person.mobile);
    expect(platform.outbox().filter((m) => m.to === person.mobile)).toHaveLength(2);
    if (first !== second) {
      const stale = await platform.gql<any>(VERIFY, { input: { registrationId, code: first } });
      expect(stale.data.verifyRegistrationCode.userErrors[0].code).toBe('CODE_INVALID');
    }
    const fresh = await platform.gql<any>(VERIFY, { input: { registrationId, code: second } });
    expect(fresh.data.verifyRegistrationCode).toMatchObject({ registration: { verified: true }, userErrors: [] });
  });

  it('stops after five sends of one challenge', async () => {
    const { person, registrationId } = await begin();
    for (let sends = 2; sends <= 5; sends++) {
      advance(61);
      expect((await platform.gql<any>(RESEND, { input: { challengeId: registrationId } })).data.resendCode.userErrors).toEqual([]);
    }
    advance(61);
    const sixth = await platform.gql<any>(RESEND, { input: { challengeId: registrationId } });
    expect(sixth.data.resendCode.userErrors).toEqual([{ code: 'CODE_ATTEMPTS_EXCEEDED' }]);
    expect(platform.outbox().filter((m) => m.to === person.mobile)).toHaveLength(5);
  });
});

describe('codes in time and language', () => {
  it('refuses a sign-in code after its five minutes, and opens no session', async () => {
    const account = await registerAccount(platform);
    const first = await platform.gql<any>(SIGN_IN, { input: { username: account.username, password: account.password } });
    advance(5 * 60 + 1);
    const late = await platform.gql<any>(VERIFY_SIGN_IN, { input: { challengeId: first.data.signIn.challenge.id, code: platform.lastCode(account.mobile) } });
    expect(late.data.verifySignIn.session).toBeNull();
    expect(late.data.verifySignIn.userErrors[0].code).toBe('CODE_EXPIRED');
  });

  it('writes the SMS in Arabic for a person who asked in Arabic, and in English otherwise', async () => {
    const arabic = await begin({ 'accept-language': 'ar' });
    const english = await begin({ 'accept-language': 'en-GB' });
    const textTo = (mobile: string) => platform.outbox().filter((m) => m.to === mobile).at(-1)!;
    const ar = textTo(arabic.person.mobile);
    const en = textTo(english.person.mobile);
    expect(ar.text).toMatch(/[\u0600-\u06FF]/);
    expect(ar.text).toContain(ar.code);
    expect(en.text).toMatch(/^Your Absher registration code is \d{6}\./);
    expect(en.text).not.toMatch(/[\u0600-\u06FF]/);
  });
});
