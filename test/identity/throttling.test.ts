// Throttling protects accounts without handing strangers a lock: one caller
// hammering a name or an ID blocks only themselves; a name's own counter and
// the SMS cap cannot be spent by someone who knows neither password nor date
// of birth. Callers at different addresses are driven through the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { recordFigure } from '../helpers/figures.js';
import { capturedLog } from '../helpers/captured-log.js';
import { FREE_ATTEMPTS } from '../../src/modules/identity/throttle.js';
import { RESEND_COOLDOWN_MS } from '../../src/auth/one-time-codes.js';
import { platformWithClock, startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, registerAccount } from '../helpers/people.js';
import { authThrottles, securityEvents } from '../../src/modules/identity/tables.js';
import type { RequestOrigin } from '../../src/modules/identity/deps.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

const from = (ipAddress: string): RequestOrigin => ({ ipAddress, device: 'test', requestId: 'test', language: 'en' });
const codeOf = (outcome: { ok: boolean; refusals?: Array<{ code: string }> }) => (outcome.ok ? 'OK' : outcome.refusals![0]!.code);

describe('signing in', () => {
  it('lets the owner in from another address while one stranger hammers the name', async () => {
    const account = await registerAccount(platform);
    const signIn = platform.services.identity.signIn;
    for (let i = 0; i < 12; i++) await signIn.start({ username: account.username, password: `guess number ${i}` }, from('203.0.113.7'));
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('203.0.113.7')))).toBe('TOO_MANY_ATTEMPTS');
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.20')))).toBe('OK');
  });

  it('slows the name itself down only when many addresses fail, and not for good', async () => {
    const account = await registerAccount(platform);
    const signIn = platform.services.identity.signIn;
    // 21 addresses with one wrong password each: past the name's free 20.
    for (let i = 0; i < 21; i++) await signIn.start({ username: account.username, password: 'a wrong password' }, from(`192.0.2.${i + 1}`));
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.21')))).toBe('TOO_MANY_ATTEMPTS');
    await platform.db.atomically(async (tx) => {
      await tx.update(authThrottles).set({ blockedUntil: new Date(Date.now() - 1) }).where(eq(authThrottles.key, `user:${account.username.toLowerCase()}`));
    });
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.21')))).toBe('OK');
  });

  it('writes one SIGN_IN_THROTTLED event when a block starts, not one per blocked try', async () => {
    const account = await registerAccount(platform);
    const signIn = platform.services.identity.signIn;
    for (let i = 0; i < 15; i++) await signIn.start({ username: account.username, password: `guess number ${i}` }, from('203.0.113.9'));
    const events = (await platform.db.read.select().from(securityEvents)).filter((e) => e.ipAddress === '203.0.113.9');
    // Five free failures; the sixth starts the block; the rest are refused unchecked.
    expect(events.filter((e) => e.type === 'SIGN_IN_FAILED')).toHaveLength(6);
    expect(events.filter((e) => e.type === 'SIGN_IN_THROTTLED')).toHaveLength(1);
  });
});

describe('registration and password reset', () => {
  it('stops date-of-birth guessing for an ID: the right date is refused once the caller is blocked, and no SMS goes out', async () => {
    const person = await addRegistryPerson(platform);
    const registration = platform.services.identity.registration;
    for (let i = 1; i <= 6; i++) expect(codeOf(await registration.start(person.idNumber, `1970-01-0${i}`, from('203.0.113.30')))).toBe('IDENTITY_NOT_VERIFIED');
    const sent = platform.outbox().length;
    expect(codeOf(await registration.start(person.idNumber, person.dateOfBirth, from('203.0.113.30')))).toBe('TOO_MANY_ATTEMPTS');
    expect(platform.outbox()).toHaveLength(sent);
    // Another address is not blocked by that caller.
    expect(codeOf(await registration.start(person.idNumber, person.dateOfBirth, from('198.51.100.30')))).toBe('OK');
  });

  it('blocks guesses at an ID the registry does not hold exactly as at one it holds', async () => {
    const registration = platform.services.identity.registration;
    const notInRegistry = '1999999996';
    for (let i = 1; i <= 6; i++) expect(codeOf(await registration.start(notInRegistry, `1970-01-0${i}`, from('203.0.113.31')))).toBe('IDENTITY_NOT_VERIFIED');
    expect(codeOf(await registration.start(notInRegistry, '1970-01-07', from('203.0.113.31')))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('caps the codes sent to one mobile, which only a caller with the right date of birth can spend', async () => {
    const account = await registerAccount(platform);
    const recovery = platform.services.identity.recovery;
    // A stranger without the date of birth spends nothing of the owner's cap.
    for (let i = 1; i <= 5; i++) await recovery.startReset(account.idNumber, `1960-02-0${i}`, from(`192.0.2.${100 + i}`));
    for (let i = 0; i < 5; i++) expect(codeOf(await recovery.startReset(account.idNumber, account.dateOfBirth, from('198.51.100.40')))).toBe('OK');
    const sent = platform.outbox().length;
    expect(codeOf(await recovery.startReset(account.idNumber, account.dateOfBirth, from('198.51.100.41')))).toBe('TOO_MANY_ATTEMPTS');
    expect(platform.outbox()).toHaveLength(sent);
  });
});

describe('at most 100 failed sign-ins an hour for one name (ASVS)', () => {
  // A platform of its own, whose clock the test moves past blocks and windows.
  const MINUTE_MS = 60 * 1000;
  const timed = platformWithClock();

  it('holds the name shut from the hundredth failure to the end of its hour, for the owner too, and then lets the owner in', async () => {
    const account = await registerAccount(timed.platform);
    const signIn = timed.platform.services.identity.signIn;
    const windowStartedAt = timed.now.getTime();
    // 99 failures already counted this hour, from many addresses and between blocks.
    await timed.platform.db.atomically(async (tx) => {
      await tx.insert(authThrottles).values({ key: `user:${account.username.toLowerCase()}`, failures: 99, windowStartedAt: timed.now, blockedUntil: null });
    });
    expect(codeOf(await signIn.start({ username: account.username, password: 'the hundredth wrong one' }, from('192.0.2.200')))).toBe('INVALID_CREDENTIALS');
    // The longest ordinary block is 15 minutes; the hourly cap outlasts it.
    timed.now = new Date(windowStartedAt + 20 * MINUTE_MS);
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.40')))).toBe('TOO_MANY_ATTEMPTS');
    timed.now = new Date(windowStartedAt + 59 * MINUTE_MS);
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.40')))).toBe('TOO_MANY_ATTEMPTS');
    timed.now = new Date(windowStartedAt + 61 * MINUTE_MS);
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.40')))).toBe('OK');
  });
});

describe('a name held shut by strangers', () => {
  const timed = platformWithClock();

  it('opens at once for its owner after a password reset by the registered mobile', async () => {
    const account = await registerAccount(timed.platform);
    const { signIn, recovery } = timed.platform.services.identity;
    await timed.platform.db.atomically(async (tx) => {
      await tx.insert(authThrottles).values({ key: `user:${account.username.toLowerCase()}`, failures: 100, windowStartedAt: timed.now, blockedUntil: null });
    });
    expect(codeOf(await signIn.start({ username: account.username, password: account.password }, from('198.51.100.50')))).toBe('TOO_MANY_ATTEMPTS');

    const reset = await recovery.startReset(account.idNumber, account.dateOfBirth, from('198.51.100.50'));
    const newPassword = 'a fresh passphrase after the attack';
    const done = await recovery.completeReset({ challengeId: reset.ok ? reset.value.id : '', code: timed.platform.lastCode(account.mobile), newPassword }, from('198.51.100.50'));
    expect(codeOf(done)).toBe('OK');
    expect(codeOf(await signIn.start({ username: account.username, password: newPassword }, from('198.51.100.50')))).toBe('OK');
  });
});

describe('SMS spend (checklist E8)', () => {
  // The clock stands still, so no block wears off while the loops run.
  const timed = platformWithClock();
  const smsTo = (mobiles: Set<string>) => timed.platform.outbox().filter((m) => m.channel === 'sms' && mobiles.has(m.to)).length;

  it('sends at most a handful of codes for 1000 requests for one number, from 1000 addresses', async ({ task }) => {
    const person = await addRegistryPerson(timed.platform);
    const registration = timed.platform.services.identity.registration;
    for (let i = 0; i < 1000; i++) await registration.start(person.idNumber, person.dateOfBirth, from(`10.0.${Math.floor(i / 250)}.${i % 250}`));
    const sent = smsTo(new Set([person.mobile]));
    recordFigure(task, { item: 'E8', name: 'SMS sent for 1000 code requests for one number', value: sent, expected: FREE_ATTEMPTS.sms + 1 });
    expect(sent).toBe(FREE_ATTEMPTS.sms + 1);
  });

  it('sends at most a handful of codes for 1000 requests from one address, each for another valid ID, then answers it alike for any ID', async ({ task }) => {
    const registration = timed.platform.services.identity.registration;
    const mobiles = new Set<string>();
    const answers: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const person = await addRegistryPerson(timed.platform);
      mobiles.add(person.mobile);
      answers.push(codeOf(await registration.start(person.idNumber, person.dateOfBirth, from('203.0.113.60'))));
    }
    const sent = smsTo(mobiles);
    recordFigure(task, { item: 'E8', name: 'SMS sent for 1000 code requests from one address (1000 valid IDs)', value: sent, expected: FREE_ATTEMPTS['sms-ip'] + 1 });
    expect(sent).toBe(FREE_ATTEMPTS['sms-ip'] + 1);
    expect(answers.filter((a) => a === 'OK')).toHaveLength(sent);
    expect(new Set(answers.slice(sent))).toEqual(new Set(['TOO_MANY_ATTEMPTS']));
    // An ID the registry does not hold gets the same refusal from that address: the cap tells nothing about IDs.
    expect(codeOf(await registration.start('1000000008', '1990-01-01', from('203.0.113.60')))).toBe('TOO_MANY_ATTEMPTS');
    // Another address is not affected.
    const other = await addRegistryPerson(timed.platform);
    expect(codeOf(await registration.start(other.idNumber, other.dateOfBirth, from('203.0.113.61')))).toBe('OK');
  }, 120_000); // a thousand registration attempts, each a few transactions
});

describe('the platform-wide SMS budget (SMS_HOURLY_BUDGET)', () => {
  const log = capturedLog('error');
  const timed = platformWithClock({ SMS_HOURLY_BUDGET: '3' }, { logger: log.logger });

  it('counts registrations and resends, then refuses every SMS step alike until the hour ends, and tells the operators once', async () => {
    const { registration, recovery, resendCode } = timed.platform.services.identity;
    const startedAt = timed.now.getTime();
    const [first, second, third] = [await addRegistryPerson(timed.platform), await addRegistryPerson(timed.platform), await addRegistryPerson(timed.platform)];
    const firstStart = await registration.start(first.idNumber, first.dateOfBirth, from('198.51.100.1'));
    expect(codeOf(firstStart)).toBe('OK');
    expect(codeOf(await registration.start(second.idNumber, second.dateOfBirth, from('198.51.100.2')))).toBe('OK');
    timed.now = new Date(startedAt + RESEND_COOLDOWN_MS + 1000);
    expect(codeOf(await resendCode(firstStart.ok ? firstStart.value.id : '', 'en'))).toBe('OK');
    const sent = timed.platform.outbox().length;
    expect(sent).toBe(3);

    // Spent: a new person, an unknown ID, a password reset and a resend all get the same answer, and nothing goes out.
    expect(codeOf(await registration.start(third.idNumber, third.dateOfBirth, from('198.51.100.3')))).toBe('TOO_MANY_ATTEMPTS');
    expect(codeOf(await registration.start('1000000008', '1990-01-01', from('198.51.100.4')))).toBe('TOO_MANY_ATTEMPTS');
    expect(codeOf(await recovery.startReset(third.idNumber, third.dateOfBirth, from('198.51.100.3')))).toBe('TOO_MANY_ATTEMPTS');
    timed.now = new Date(startedAt + 2 * RESEND_COOLDOWN_MS + 2000);
    expect(codeOf(await resendCode(firstStart.ok ? firstStart.value.id : '', 'en'))).toBe('TOO_MANY_ATTEMPTS');
    expect(timed.platform.outbox()).toHaveLength(sent);
    expect(log.text().match(/SMS budget of this hour is spent/g)).toHaveLength(1);

    timed.now = new Date(startedAt + 61 * 60 * 1000);
    expect(codeOf(await registration.start(third.idNumber, third.dateOfBirth, from('198.51.100.3')))).toBe('OK');
    expect(timed.platform.outbox()).toHaveLength(sent + 1);
  });
});
