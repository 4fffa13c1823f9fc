// The authenticator app as second factor: enrolment confirmed by a code,
// sign-in by app code with no SMS sent, a code good once, removal.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { operations, registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { accounts, securityEvents } from '../../src/modules/identity/tables.js';
import { openTotpSecret, totpKeyRing } from '../../src/modules/identity/totp-secrets.js';
import { first } from '../../src/db/database.js';
import type { SqliteDatabase } from '../../src/db/sqlite.js';

const { SIGN_IN, VERIFY_SIGN_IN } = operations;
const START = `mutation ($input: StartTotpEnrollmentInput!) { startTotpEnrollment(input: $input) { enrollment { secret uri } userErrors { code field } } }`;
const CONFIRM = `mutation ($input: ConfirmTotpEnrollmentInput!) { confirmTotpEnrollment(input: $input) { account { totpEnrolled } userErrors { code field } } }`;
const REMOVE = `mutation ($input: RemoveTotpInput!) { removeTotp(input: $input) { account { totpEnrolled } userErrors { code field } } }`;

// The platform's clock, moved forward by the tests so that codes of distinct
// time steps exist. It starts behind real time and stays there: access tokens
// carry real issue times, and one issued before the account's creation (by
// the platform's clock) would be refused.
let clock = new Date(Date.now() - 5 * 60_000);
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({}, { now: () => clock });
});
afterAll(async () => {
  await platform.stop();
});

// The key development and tests make under the data folder, outside the database.
const platformTotpKeys = () => totpKeyRing(JSON.parse(fs.readFileSync(`${platform.dataDir}/keys/totp-secret-keys.json`, 'utf8')) as string[]);

const accountRow = async (username: string) => (await first(platform.db.read.select().from(accounts).where(eq(accounts.username, username))))!;
const setTotpSecret = (accountId: number, totpSecret: string | null) =>
  platform.db.atomically(async (tx) => {
    await tx.update(accounts).set({ totpSecret }).where(eq(accounts.id, accountId));
  });

const appCode = (secret: string, at = clock) => generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
const advance = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

async function enrolled(): Promise<{ account: SignedIn; secret: string }> {
  const account = await signInAccount(platform, await registerAccount(platform));
  const started = await platform.gql<any>(START, { input: { password: account.password } }, { token: account.accessToken });
  const secret = started.data.startTotpEnrollment.enrollment.secret as string;
  const confirmed = await platform.gql<any>(CONFIRM, { input: { code: appCode(secret) } }, { token: account.accessToken });
  expect(confirmed.data.confirmTotpEnrollment).toEqual({ account: { totpEnrolled: true }, userErrors: [] });
  advance(30);
  return { account, secret };
}

const signInByApp = (account: SignedIn) =>
  platform.gql<any>(`mutation ($input: SignInInput!) { signIn(input: $input) { challenge { id channel maskedMobile } userErrors { code field } } }`, {
    input: { username: account.username, password: account.password, channel: 'TOTP' },
  }).then((answer) => answer.data.signIn);
const verify = (challengeId: string, code: string) =>
  platform.gql<any>(VERIFY_SIGN_IN, { input: { challengeId, code } }).then((answer) => answer.data.verifySignIn);

describe('enrolling an authenticator app', () => {
  it('asks for the password again, and takes effect only when a code from the app confirms it', async () => {
    const account = await signInAccount(platform, await registerAccount(platform));
    const wrongPassword = await platform.gql<any>(START, { input: { password: 'not the password at all' } }, { token: account.accessToken });
    expect(wrongPassword.data.startTotpEnrollment).toEqual({ enrollment: null, userErrors: [{ code: 'INVALID_CREDENTIALS', field: ['password'] }] });

    const started = await platform.gql<any>(START, { input: { password: account.password } }, { token: account.accessToken });
    const { secret, uri } = started.data.startTotpEnrollment.enrollment;
    expect(uri).toMatch(/^otpauth:\/\/totp\/Absher:/);
    const row = () => accountRow(account.username);
    expect((await row()).totpSecret).toBeNull();
    expect((await row()).totpPendingSecret).toMatch(/^tk-[0-9a-f]{16}:v1\./);
    expect((await row()).totpPendingSecret).not.toContain(secret);

    const wrongCode = await platform.gql<any>(CONFIRM, { input: { code: appCode(secret, new Date(clock.getTime() - 10 * 60_000)) } }, { token: account.accessToken });
    expect(wrongCode.data.confirmTotpEnrollment.userErrors).toEqual([{ code: 'CODE_INVALID', field: ['code'] }]);
    expect((await row()).totpSecret).toBeNull();

    const confirmed = await platform.gql<any>(CONFIRM, { input: { code: appCode(secret) } }, { token: account.accessToken });
    expect(confirmed.data.confirmTotpEnrollment).toEqual({ account: { totpEnrolled: true }, userErrors: [] });
    const enrolledRow = await row();
    expect(enrolledRow.totpPendingSecret).toBeNull();
    expect(openTotpSecret(platformTotpKeys(), enrolledRow.id, enrolledRow.totpSecret!)).toBe(secret);
    const events = await platform.db.read.select().from(securityEvents).where(eq(securityEvents.accountId, enrolledRow.id));
    expect(events.map((e) => e.type)).toContain('TOTP_ENROLLED');

    const again = await platform.gql<any>(START, { input: { password: account.password } }, { token: account.accessToken });
    expect(again.data.startTotpEnrollment.userErrors).toEqual([{ code: 'TOTP_ALREADY_ENROLLED', field: null }]);
  });

  it('refuses a confirmation that was never started, and an anonymous caller', async () => {
    const account = await signInAccount(platform, await registerAccount(platform));
    const notStarted = await platform.gql<any>(CONFIRM, { input: { code: '123456' } }, { token: account.accessToken });
    expect(notStarted.data.confirmTotpEnrollment.userErrors).toEqual([{ code: 'TOTP_ENROLLMENT_NOT_STARTED', field: null }]);
    const anonymous = await platform.gql<any>(START, { input: { password: account.password } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('signing in with the app', () => {
  it('sends no SMS, accepts the current app code once, and refuses its replay', async () => {
    const { account, secret } = await enrolled();
    const sent = platform.outbox().length;
    const first = await signInByApp(account);
    expect(first.userErrors).toEqual([]);
    expect(first.challenge).toMatchObject({ channel: 'TOTP', maskedMobile: null });
    expect(platform.outbox()).toHaveLength(sent);

    const code = appCode(secret);
    const opened = await verify(first.challenge.id, code);
    expect(opened.userErrors).toEqual([]);
    expect(opened.session.accessToken).toBeTruthy();

    // The same code on a new challenge, still inside its 30 seconds: refused.
    const second = await signInByApp(account);
    const replayed = await verify(second.challenge.id, code);
    expect(replayed.userErrors).toMatchObject([{ code: 'CODE_INVALID', field: ['code'] }]);
    expect(replayed.session).toBeNull();
    advance(30);
    expect((await verify(second.challenge.id, appCode(secret))).userErrors).toEqual([]);
  });

  it('refuses a code of another time, an SMS-style guess and the TOTP channel without an enrolled app', async () => {
    const { account, secret } = await enrolled();
    const challenge = (await signInByApp(account)).challenge;
    expect((await verify(challenge.id, appCode(secret, new Date(clock.getTime() - 5 * 60_000)))).userErrors[0].code).toBe('CODE_INVALID');
    expect((await verify(challenge.id, '000000')).userErrors[0].code).toBe('CODE_INVALID');

    const plain = await registerAccount(platform);
    const refused = await platform.gql<any>(SIGN_IN, { input: { username: plain.username, password: plain.password, channel: 'TOTP' } });
    expect(refused.data.signIn.userErrors).toMatchObject([{ code: 'TOTP_NOT_ENROLLED', field: ['channel'] }]);
  });

  it('still offers the SMS code to an enrolled person who asks for it', async () => {
    const { account } = await enrolled();
    const bySms = await platform.gql<any>(SIGN_IN, { input: { username: account.username, password: account.password } });
    expect(bySms.data.signIn.challenge.channel).toBe('SMS');
    const opened = await verify(bySms.data.signIn.challenge.id, platform.lastCode(account.mobile));
    expect(opened.userErrors).toEqual([]);
  });
});

describe('removing the app', () => {
  it('asks for the password, then sign-in codes come by SMS only', async () => {
    const { account } = await enrolled();
    const wrong = await platform.gql<any>(REMOVE, { input: { password: 'not the password at all' } }, { token: account.accessToken });
    expect(wrong.data.removeTotp.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    const removed = await platform.gql<any>(REMOVE, { input: { password: account.password } }, { token: account.accessToken });
    expect(removed.data.removeTotp).toEqual({ account: { totpEnrolled: false }, userErrors: [] });
    expect((await signInByApp(account)).userErrors[0].code).toBe('TOTP_NOT_ENROLLED');
  });
});

describe('the secret at rest', () => {
  it('is sealed in the database, and a sealed secret copied onto another account does not open', async () => {
    const { account, secret } = await enrolled();
    const owner = await accountRow(account.username);
    expect(JSON.stringify(await platform.db.read.select().from(accounts))).not.toContain(secret);
    if (platform.db.dialect === 'sqlite') {
      // Nor anywhere in the file, free pages and journal included.
      const file = (platform.db as SqliteDatabase).writer.$client;
      file.pragma('wal_checkpoint(TRUNCATE)');
      expect(fs.readFileSync(file.name).includes(Buffer.from(secret))).toBe(false);
    }

    const other = await enrolled();
    await setTotpSecret((await accountRow(other.account.username)).id, owner.totpSecret);
    const challenge = (await signInByApp(other.account)).challenge;
    const answer = await platform.gql<any>(VERIFY_SIGN_IN, { input: { challengeId: challenge.id, code: appCode(secret) } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(answer.data?.verifySignIn ?? null).toBeNull();
  });

  it('stored before sealing existed, is sealed at start-up and still signs its owner in', async () => {
    const { account, secret } = await enrolled();
    const { id } = await accountRow(account.username);
    // As an earlier version stored it: the base32 secret itself.
    await setTotpSecret(id, secret);

    expect(await platform.services.identity.sealUnsealedTotpSecrets()).toBe(1);
    const sealed = await accountRow(account.username);
    expect(sealed.totpSecret).not.toContain(secret);
    expect(openTotpSecret(platformTotpKeys(), id, sealed.totpSecret!)).toBe(secret);
    expect(await platform.services.identity.sealUnsealedTotpSecrets()).toBe(0);

    const challenge = (await signInByApp(account)).challenge;
    expect((await verify(challenge.id, appCode(secret))).session).not.toBeNull();
  });
});
