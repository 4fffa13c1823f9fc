import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, operations, registerAccount, STRONG_PASSWORD } from '../helpers/people.js';
import { accounts, challenges } from '../../src/modules/identity/tables.js';
import { eq } from 'drizzle-orm';
import { first } from '../../src/db/database.js';

const { START, VERIFY, COMPLETE } = operations;

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

async function start(idNumber: string, dateOfBirth: string, headers: Record<string, string> = {}) {
  return platform.gql<any>(START, { input: { idNumber, dateOfBirth } }, { headers });
}

describe('startRegistration', () => {
  it('sends a code to the registry mobile and masks it in the answer', async () => {
    const person = await addRegistryPerson(platform);
    const answer = await start(person.idNumber, person.dateOfBirth);
    const registration = answer.data.startRegistration.registration;
    expect(answer.data.startRegistration.userErrors).toEqual([]);
    expect(registration.maskedMobile).toMatch(/^\+966\*+\d{4}$/);
    expect(registration.maskedMobile.endsWith(person.mobile.slice(-4))).toBe(true);
    expect(registration.maskedMobile).not.toContain(person.mobile.slice(4, 8));
    expect(registration.verified).toBe(false);
    const sms = platform.outbox().at(-1)!;
    expect(sms).toMatchObject({ channel: 'sms', to: person.mobile, purpose: 'REGISTRATION' });
    expect(sms.code).toMatch(/^\d{6}$/);
    expect(sms.text).toContain(sms.code);
    // Five minutes to use the code.
    const ttl = new Date(registration.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    // Stored hashed, never in clear.
    const rows = await platform.db.read.select().from(challenges);
    expect(JSON.stringify(rows)).not.toContain(sms.code!);
  });

  it('answers an unknown ID, a wrong date of birth and a registered ID the same way', async () => {
    const unregistered = await addRegistryPerson(platform);
    const registered = await registerAccount(platform);
    const sentBefore = platform.outbox().length;
    const answers = [
      await start('1000000008', '1990-01-31'),
      await start(unregistered.idNumber, '1991-02-01'),
      await start(registered.idNumber, registered.dateOfBirth),
    ].map((a) => a.data.startRegistration);
    for (const answer of answers) {
      expect(answer).toEqual(answers[0]);
      expect(answer.registration).toBeNull();
      expect(answer.userErrors[0].code).toBe('IDENTITY_NOT_VERIFIED');
    }
    expect(platform.outbox().length).toBe(sentBefore);
  });

  it('refuses a malformed ID and a bad checksum with a field error', async () => {
    for (const idNumber of ['12345', '3000000002', '1000000009', '10000000OO']) {
      const answer = await start(idNumber, '1990-01-31');
      expect(answer.data.startRegistration.userErrors).toEqual([
        { field: ['idNumber'], code: 'INVALID_ID_NUMBER', message: expect.stringContaining('10-digit') },
      ]);
    }
  });

  it('answers in Arabic when asked', async () => {
    const answer = await start('1000000009', '1990-01-31', { 'accept-language': 'ar-SA,ar;q=0.9' });
    expect(answer.data.startRegistration.userErrors[0].message).toMatch(/[\u0600-\u06FF]/);
  });

  it('refuses an impossible date before anything runs', async () => {
    const answer = await start('1000000008', '2026-02-30');
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('verifyRegistrationCode', () => {
  async function begin() {
    const person = await addRegistryPerson(platform);
    const answer = await start(person.idNumber, person.dateOfBirth);
    return { person, registrationId: answer.data.startRegistration.registration.id as string, code: platform.lastCode(person.mobile) };
  }
  const verify = (registrationId: string, code: string) =>
    platform.gql<any>(VERIFY, { input: { registrationId, code } }).then((a) => a.data.verifyRegistrationCode);

  it('accepts the right code', async () => {
    const { registrationId, code } = await begin();
    const answer = await verify(registrationId, code);
    expect(answer).toEqual({ registration: { id: registrationId, verified: true }, userErrors: [] });
  });

  it('refuses a wrong code, then kills the code at the fifth wrong try (the sixth, even right, fails)', async () => {
    const { registrationId, code } = await begin();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await verify(registrationId, wrong);
      expect(answer.userErrors[0].code).toBe('CODE_INVALID');
    }
    const sixth = await verify(registrationId, code);
    expect(sixth.registration).toBeNull();
    expect(sixth.userErrors[0].code).toBe('CODE_ATTEMPTS_EXCEEDED');
  });

  it('refuses an expired code', async () => {
    const { registrationId, code } = await begin();
    const localId = Buffer.from(registrationId, 'base64url').toString().split(':')[1]!;
    await platform.db.atomically(async (tx) => {
      await tx.update(challenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(challenges.id, localId));
    });
    const answer = await verify(registrationId, code);
    expect(answer.userErrors[0].code).toBe('CODE_EXPIRED');
  });

  it('does not accept a code of one registration for another', async () => {
    const first = await begin();
    const second = await begin();
    if (first.code === second.code) return; // one chance in a million
    const answer = await verify(second.registrationId, first.code);
    expect(answer.userErrors[0].code).toBe('CODE_INVALID');
  });

  it('counts aliased guesses one by one: a right code after five wrong ones gives nothing', async ({ task }) => {
    const { registrationId, code } = await begin();
    const guesses = ['000001', '000002', '000003', '000004', '000005', '000006'].filter((g) => g !== code).slice(0, 5);
    const aliases = [...guesses, code]
      .map((guess, i) => `g${i}: verifyRegistrationCode(input: { registrationId: "${registrationId}", code: "${guess}" }) { registration { verified } userErrors { code } }`)
      .join('\n');
    const answer = await platform.gql<any>(`mutation { ${aliases} }`);
    const last = answer.data[`g${guesses.length}`];
    const accepted = Object.values(answer.data as Record<string, { registration: unknown }>).filter((guess) => guess.registration !== null).length;
    recordFigure(task, { item: 'E7', name: 'guesses accepted among five wrong aliased codes and then the right one', value: accepted, expected: 0 });
    expect(accepted).toBe(0);
    expect(last.registration).toBeNull();
    expect(last.userErrors[0].code).toBe('CODE_ATTEMPTS_EXCEEDED');
  });

  it('lets the person ask for a new code only after the cooldown', async () => {
    const { registrationId } = await begin();
    const answer = await platform.gql<any>(`mutation($input: ResendCodeInput!) { resendCode(input: $input) { expiresAt userErrors { code message } } }`, {
      input: { challengeId: registrationId },
    });
    expect(answer.data.resendCode.userErrors[0].code).toBe('RESEND_TOO_SOON');
    expect(answer.data.resendCode.userErrors[0].message).toMatch(/\d+ seconds/);
  });
});

describe('completeRegistration', () => {
  async function verified() {
    const person = await addRegistryPerson(platform);
    const started = await start(person.idNumber, person.dateOfBirth);
    const registrationId = started.data.startRegistration.registration.id as string;
    await platform.gql(VERIFY, { input: { registrationId, code: platform.lastCode(person.mobile) } });
    return { person, registrationId };
  }
  const complete = (input: Record<string, string>) => platform.gql<any>(COMPLETE, { input }).then((a) => a.data.completeRegistration);

  it('creates the account with an argon2id hash at OWASP cost', async () => {
    const { person, registrationId } = await verified();
    const answer = await complete({ registrationId, username: 'Sara.Q', password: STRONG_PASSWORD, email: 'sara@example.sa' });
    expect(answer.userErrors).toEqual([]);
    expect(answer.account.username).toBe('Sara.Q');
    const row = (await first(platform.db.read.select().from(accounts).where(eq(accounts.personIdNumber, person.idNumber))))!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row.passwordHash).not.toContain(STRONG_PASSWORD);
  });

  it('refuses a registration whose code was not confirmed', async () => {
    const person = await addRegistryPerson(platform);
    const started = await start(person.idNumber, person.dateOfBirth);
    const answer = await complete({ registrationId: started.data.startRegistration.registration.id, username: 'unverified1', password: STRONG_PASSWORD, email: 'u@example.sa' });
    expect(answer.userErrors[0].code).toBe('REGISTRATION_NOT_VERIFIED');
  });

  it('refuses a short, a common and a name-based password, and accepts a long Unicode one whole', async () => {
    const { registrationId } = await verified();
    const tries: Array<[string, string]> = [
      ['short12345', 'PASSWORD_TOO_SHORT'],
      ['password1234', 'PASSWORD_TOO_COMMON'],
      ['qwertyuiop123', 'PASSWORD_TOO_COMMON'],
      ['layla.k-secret-forever', 'PASSWORD_TOO_COMMON'],
    ];
    for (const [password, code] of tries) {
      const answer = await complete({ registrationId, username: 'layla.k', password, email: 'layla@example.sa' });
      expect(answer.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
      expect(answer.userErrors[0].field).toEqual(['password']);
    }
    const long = `${'كلمة مرور طويلة جدا '.repeat(5)}🔐`;
    expect([...long].length).toBeGreaterThan(64);
    const answer = await complete({ registrationId, username: 'layla.k', password: long, email: 'layla@example.sa' });
    expect(answer.userErrors).toEqual([]);
    // No truncation: the password without its last character does not work.
    const signIn = await platform.gql<any>(operations.SIGN_IN, { input: { username: 'layla.k', password: long.slice(0, -2) } });
    expect(signIn.data.signIn.userErrors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a username taken in another case and reports every bad field at once', async () => {
    const first = await verified();
    expect((await complete({ registrationId: first.registrationId, username: 'Khalid_99', password: STRONG_PASSWORD, email: 'k@example.sa' })).userErrors).toEqual([]);
    const second = await verified();
    const taken = await complete({ registrationId: second.registrationId, username: 'KHALID_99', password: STRONG_PASSWORD, email: 'k2@example.sa' });
    expect(taken.userErrors).toEqual([expect.objectContaining({ code: 'USERNAME_TAKEN', field: ['username'] })]);
    const many = await complete({ registrationId: second.registrationId, username: 'x', password: 'short', email: 'not-an-email' });
    expect(many.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(['EMAIL_INVALID', 'PASSWORD_TOO_SHORT', 'USERNAME_INVALID']);
    expect(await platform.db.read.select().from(accounts).where(eq(accounts.personIdNumber, second.person.idNumber))).toEqual([]);
  });

  it('does not let a registration be completed twice', async () => {
    const { registrationId } = await verified();
    expect((await complete({ registrationId, username: 'once_only', password: STRONG_PASSWORD, email: 'o@example.sa' })).userErrors).toEqual([]);
    const again = await complete({ registrationId, username: 'twice_only', password: STRONG_PASSWORD, email: 'o@example.sa' });
    expect(again.userErrors[0].code).toBe('REGISTRATION_NOT_VERIFIED');
  });
});
