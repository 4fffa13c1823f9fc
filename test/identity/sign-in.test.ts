import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { eq } from 'drizzle-orm';
import { first } from '../../src/db/database.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { operations, registerAccount, signInAccount } from '../helpers/people.js';
import argon2 from 'argon2';
import { accounts, authThrottles, securityEvents } from '../../src/modules/identity/tables.js';

const { SIGN_IN, VERIFY_SIGN_IN } = operations;

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
  platform.gql<any>(SIGN_IN, { input: { username, password } }, { headers }).then((a) => a.data.signIn);
const verifySignIn = (challengeId: string, code: string) =>
  platform.gql<any>(VERIFY_SIGN_IN, { input: { challengeId, code } }).then((a) => a.data.verifySignIn);
const ME = `{ me { id username emailVerified person { idNumber kind name { ar en } maskedMobile } } }`;

describe('two-step sign-in', () => {
  it('takes the password, then the SMS code, and opens a session that reads `me`', async () => {
    const account = await registerAccount(platform);
    const first = await signIn(account.username.toUpperCase(), account.password);
    expect(first.userErrors).toEqual([]);
    expect(first.challenge.channel).toBe('SMS');
    expect(first.challenge.maskedMobile.endsWith(account.mobile.slice(-4))).toBe(true);
    const second = await verifySignIn(first.challenge.id, platform.lastCode(account.mobile));
    expect(second.userErrors).toEqual([]);
    expect(second.account.id).toBe(account.accountId);
    const me = await platform.gql<any>(ME, {}, { token: second.session.accessToken });
    expect(me.data.me).toMatchObject({ id: account.accountId, username: account.username, person: { idNumber: account.idNumber, kind: 'CITIZEN' } });
    // A short-lived access token: about ten minutes.
    const accessTtl = new Date(second.session.accessTokenExpiresAt).getTime() - Date.now();
    expect(accessTtl).toBeGreaterThan(9 * 60_000);
    expect(accessTtl).toBeLessThanOrEqual(10 * 60_000);
  });

  it('answers an unknown user and a wrong password alike, and sends no code', async () => {
    const account = await registerAccount(platform);
    const sent = platform.outbox().length;
    const unknown = await signIn('nobody_here_at_all', 'whatever whatever');
    const wrong = await signIn(account.username, 'not the right password');
    expect(unknown).toEqual(wrong);
    expect(wrong.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    expect(platform.outbox().length).toBe(sent);
  });

  it('refuses a wrong code and a code of another challenge; five wrong codes end the challenge', async () => {
    const account = await registerAccount(platform);
    const { challenge } = await signIn(account.username, account.password);
    const code = platform.lastCode(account.mobile);
    const wrong = code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++) expect((await verifySignIn(challenge.id, wrong)).userErrors[0].code).toBe('CODE_INVALID');
    const late = await verifySignIn(challenge.id, code);
    expect(late.session).toBeNull();
    expect(late.userErrors[0].code).toBe('CODE_ATTEMPTS_EXCEEDED');
  });

  it('gives one session for two concurrent right answers', async ({ task }) => {
    const account = await registerAccount(platform);
    const { challenge } = await signIn(account.username, account.password);
    const code = platform.lastCode(account.mobile);
    const answers = await Promise.all([verifySignIn(challenge.id, code), verifySignIn(challenge.id, code)]);
    recordFigure(task, { item: 'E6', name: 'sessions from two concurrent right codes for one challenge', value: answers.filter((a) => a.session !== null).length, expected: 1 });
    expect(answers.filter((a) => a.session !== null)).toHaveLength(1);
  });

  it('rehashes a password stored with weaker argon2 parameters at the next sign-in', async () => {
    const account = await registerAccount(platform);
    const weak = await argon2.hash(account.password, { type: argon2.argon2id, memoryCost: 8 * 1024, timeCost: 1, parallelism: 1 });
    await platform.db.atomically(async (tx) => {
      await tx.update(accounts).set({ passwordHash: weak }).where(eq(accounts.username, account.username));
    });
    expect((await signIn(account.username, account.password)).userErrors).toEqual([]);
    const stored = (await first(platform.db.read.select().from(accounts).where(eq(accounts.username, account.username))))!.passwordHash;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(stored, account.password)).toBe(true);
  });

  it('counts every one of 50 concurrent wrong passwords', async ({ task }) => {
    const account = await registerAccount(platform);
    const answers = await Promise.all(Array.from({ length: 50 }, () => signIn(account.username, 'wrong password 123')));
    // Early ones are checked and refused, later ones find the name blocked; none gets a challenge.
    expect(answers.every((a) => a.challenge === null && ['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS'].includes(a.userErrors[0].code))).toBe(true);
    // Every try counts against this caller (the name from this address).
    const row = await first(platform.db.read.select().from(authThrottles).where(eq(authThrottles.key, `user-ip:${account.username.toLowerCase()}|127.0.0.1`)));
    recordFigure(task, { item: 'E4', name: 'failures counted after 50 concurrent wrong passwords', value: row?.failures ?? 0, expected: 50 });
    expect(row?.failures).toBe(50);
  });

  it('counts each aliased sign-in in one request as an attempt: the right password sent last gets no challenge', async ({ task }) => {
    const account = await registerAccount(platform);
    const tries = [...Array.from({ length: 11 }, (_, i) => `wrong password ${i}`), account.password];
    const aliases = tries.map((password, i) => `a${i}: signIn(input: { username: "${account.username}", password: "${password}" }) { challenge { id } userErrors { code } }`).join('\n');
    const answer = await platform.gql<any>(`mutation { ${aliases} }`);
    const answers = tries.map((_, i) => answer.data[`a${i}`]);
    expect(answers.every((a) => a.challenge === null)).toBe(true);
    expect(answers.at(-1).userErrors[0].code).toBe('TOO_MANY_ATTEMPTS');
    const row = await first(platform.db.read.select().from(authThrottles).where(eq(authThrottles.key, `user-ip:${account.username.toLowerCase()}|127.0.0.1`)));
    recordFigure(task, { item: 'E3', name: `attempts counted for ${tries.length} aliased sign-ins in one request`, value: row?.failures ?? 0, expected: tries.length });
    expect(row?.failures).toBe(tries.length);
  });

  it('slows a name down after repeated failures, for the right password too and for unknown names alike', async () => {
    const account = await registerAccount(platform);
    for (let i = 0; i < 6; i++) await signIn(account.username, `wrong password ${i}`);
    const blocked = await signIn(account.username, account.password);
    expect(blocked.challenge).toBeNull();
    expect(blocked.userErrors[0].code).toBe('TOO_MANY_ATTEMPTS');
    for (let i = 0; i < 6; i++) await signIn('ghost_user_xyz', `wrong password ${i}`);
    expect((await signIn('ghost_user_xyz', 'anything at all')).userErrors[0].code).toBe('TOO_MANY_ATTEMPTS');
    // The block is temporary: once it has passed, the owner gets in.
    await platform.db.atomically(async (tx) => {
      await tx.update(authThrottles).set({ blockedUntil: new Date(Date.now() - 1) }).where(eq(authThrottles.key, `user-ip:${account.username.toLowerCase()}|127.0.0.1`));
    });
    expect((await signIn(account.username, account.password)).userErrors).toEqual([]);
  });

  it('writes sign-in, failure and new-device events that the person reads in `me { securityEvents }`', async () => {
    const account = await registerAccount(platform);
    await signIn(account.username, 'wrong password 000');
    const session = await signInAccount(platform, account, { 'user-agent': 'AbsherApp/1.0 (iPhone)' });
    const answer = await platform.gql<any>(`{ me { securityEvents(first: 10) { totalCount edges { node { type device } } } } }`, {}, { token: session.accessToken });
    const types = answer.data.me.securityEvents.edges.map((e: any) => e.node.type);
    expect(types).toEqual(expect.arrayContaining(['ACCOUNT_CREATED', 'SIGN_IN_FAILED', 'SIGN_IN', 'NEW_DEVICE']));
    expect(answer.data.me.securityEvents.totalCount).toBe(types.length);
    const rows = await platform.db.read.select().from(securityEvents);
    expect(JSON.stringify(rows)).not.toContain(account.password);
  });
});
