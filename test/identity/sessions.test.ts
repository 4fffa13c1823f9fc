import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformWithClock, startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { operations, registerAccount, signInAccount, STRONG_PASSWORD } from '../helpers/people.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { session { accessToken refreshToken } userErrors { code message } } }`;
const SIGN_OUT = `mutation($input: SignOutInput!) { signOut(input: $input) { userErrors { code } } }`;
const SESSIONS = `{ me { sessions { id device current } } }`;
const ME = `{ me { id } }`;

const refresh = (refreshToken: string) => platform.gql<any>(REFRESH, { input: { refreshToken } }).then((a) => a.data.refreshSession);
const meCode = (token: string) => platform.gql<any>(ME, {}, { token }).then((a) => a.errors?.[0]?.extensions?.code ?? 'OK');

describe('refresh tokens', () => {
  it('rotate on every use: the new pair works, the old refresh token does not', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const rotated = await refresh(session.refreshToken);
    expect(rotated.userErrors).toEqual([]);
    expect(rotated.session.refreshToken).not.toBe(session.refreshToken);
    expect(await meCode(rotated.session.accessToken)).toBe('OK');
    const second = await refresh(rotated.session.refreshToken);
    expect(second.userErrors).toEqual([]);
  });

  it('reusing an old refresh token revokes the whole session, access tokens included', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const rotated = await refresh(session.refreshToken);
    const reuse = await refresh(session.refreshToken);
    expect(reuse.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    // The thief's copy and the owner's newer tokens are both dead now.
    expect((await refresh(rotated.session.refreshToken)).userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(await meCode(rotated.session.accessToken)).toBe('UNAUTHENTICATED');
  });

  it('two concurrent refreshes with one token: one gets a new pair, the other counts as reuse and ends the session', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const answers = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    const [winner, ...losers] = [...answers].sort((a, b) => Number(b.session !== null) - Number(a.session !== null));
    expect(winner!.session).not.toBeNull();
    expect(losers.map((a) => a.userErrors[0]?.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    // A client racing itself looks the same as a stolen copy racing the owner:
    // the session ends, and the person signs in again.
    expect((await refresh(winner!.session.refreshToken)).userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(await meCode(winner!.session.accessToken)).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown refresh token and an access token in its place', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    expect((await refresh('not-a-token')).userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect((await refresh(session.accessToken)).userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('refuses a refresh token as an access token', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    expect(await meCode(session.refreshToken)).toBe('UNAUTHENTICATED');
  });
});

describe('sign-out and sessions', () => {
  it('signOut ends this session at once: its access and refresh tokens stop working', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const answer = await platform.gql<any>(SIGN_OUT, { input: {} }, { token: session.accessToken });
    expect(answer.data.signOut.userErrors).toEqual([]);
    expect(await meCode(session.accessToken)).toBe('UNAUTHENTICATED');
    expect((await refresh(session.refreshToken)).userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('lists my sessions with device and lets me revoke one; everywhere ends them all', async () => {
    const account = await registerAccount(platform);
    const phone = await signInAccount(platform, account, { 'user-agent': 'AbsherApp/2.1 (Android)' });
    const laptop = await signInAccount(platform, account, { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0)' });
    const listed = (await platform.gql<any>(SESSIONS, {}, { token: laptop.accessToken })).data.me.sessions;
    expect(listed).toHaveLength(2);
    const phoneSession = listed.find((s: any) => s.device.includes('Android'));
    expect(listed.find((s: any) => s.current).device).toContain('Windows');
    const revoke = await platform.gql<any>(`mutation($input: RevokeSessionInput!) { revokeSession(input: $input) { userErrors { code } } }`, { input: { sessionId: phoneSession.id } }, { token: laptop.accessToken });
    expect(revoke.data.revokeSession.userErrors).toEqual([]);
    expect(await meCode(phone.accessToken)).toBe('UNAUTHENTICATED');
    expect(await meCode(laptop.accessToken)).toBe('OK');

    const tablet = await signInAccount(platform, account, { 'user-agent': 'iPad' });
    await platform.gql(SIGN_OUT, { input: { everywhere: true } }, { token: tablet.accessToken });
    expect(await meCode(laptop.accessToken)).toBe('UNAUTHENTICATED');
    expect(await meCode(tablet.accessToken)).toBe('UNAUTHENTICATED');
    expect((await refresh(laptop.refreshToken)).userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });

  it("cannot revoke or fetch someone else's session", async () => {
    const owner = await signInAccount(platform, await registerAccount(platform));
    const stranger = await signInAccount(platform, await registerAccount(platform));
    const ownerSessions = (await platform.gql<any>(SESSIONS, {}, { token: owner.accessToken })).data.me.sessions;
    const revoke = await platform.gql<any>(`mutation($input: RevokeSessionInput!) { revokeSession(input: $input) { userErrors { code } } }`, { input: { sessionId: ownerSessions[0].id } }, { token: stranger.accessToken });
    expect(revoke.data.revokeSession.userErrors[0].code).toBe('SESSION_NOT_FOUND');
    expect(await meCode(owner.accessToken)).toBe('OK');
    const node = await platform.gql<any>(`query($id: ID!) { node(id: $id) { id } }`, { id: ownerSessions[0].id }, { token: stranger.accessToken });
    expect(node.data.node).toBeNull();
    const ownerAccount = await platform.gql<any>(`query($id: ID!) { node(id: $id) { id } }`, { id: owner.accountId }, { token: stranger.accessToken });
    expect(ownerAccount.data.node).toBeNull();
    const own = await platform.gql<any>(`query($id: ID!) { node(id: $id) { ... on Account { username } } }`, { id: owner.accountId }, { token: owner.accessToken });
    expect(own.data.node.username).toBe(owner.username);
  });
});

describe('passwords', () => {
  const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code field } } }`;
  const START_RESET = `mutation($input: StartPasswordResetInput!) { startPasswordReset(input: $input) { challenge { id maskedMobile } userErrors { code } } }`;
  const COMPLETE_RESET = `mutation($input: CompletePasswordResetInput!) { completePasswordReset(input: $input) { userErrors { code field } } }`;

  it('changing the password signs out the other sessions but keeps this one', async () => {
    const account = await registerAccount(platform);
    const other = await signInAccount(platform, account);
    const here = await signInAccount(platform, account);
    const wrong = await platform.gql<any>(CHANGE, { input: { currentPassword: 'not my password!', newPassword: 'a brand new passphrase 7' } }, { token: here.accessToken });
    expect(wrong.data.changePassword.userErrors[0]).toEqual({ code: 'INVALID_CREDENTIALS', field: ['currentPassword'] });
    const weak = await platform.gql<any>(CHANGE, { input: { currentPassword: STRONG_PASSWORD, newPassword: 'password' } }, { token: here.accessToken });
    expect(weak.data.changePassword.userErrors[0].code).toBe('PASSWORD_TOO_SHORT');
    const ok = await platform.gql<any>(CHANGE, { input: { currentPassword: STRONG_PASSWORD, newPassword: 'a brand new passphrase 7' } }, { token: here.accessToken });
    expect(ok.data.changePassword.userErrors).toEqual([]);
    expect(await meCode(other.accessToken)).toBe('UNAUTHENTICATED');
    expect(await meCode(here.accessToken)).toBe('OK');
    const oldPassword = await platform.gql<any>(operations.SIGN_IN, { input: { username: account.username, password: STRONG_PASSWORD } });
    expect(oldPassword.data.signIn.userErrors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('resets the password by ID, date of birth and SMS code, ending every session', async () => {
    const account = await registerAccount(platform);
    const session = await signInAccount(platform, account);
    const unknown = await platform.gql<any>(START_RESET, { input: { idNumber: account.idNumber, dateOfBirth: '1970-01-01' } });
    expect(unknown.data.startPasswordReset.userErrors[0].code).toBe('IDENTITY_NOT_VERIFIED');
    const started = await platform.gql<any>(START_RESET, { input: { idNumber: account.idNumber, dateOfBirth: account.dateOfBirth } });
    const challengeId = started.data.startPasswordReset.challenge.id;
    const code = platform.lastCode(account.mobile);
    const wrongCode = await platform.gql<any>(COMPLETE_RESET, { input: { challengeId, code: code === '123456' ? '654321' : '123456', newPassword: 'reset passphrase number 9' } });
    expect(wrongCode.data.completePasswordReset.userErrors[0].code).toBe('CODE_INVALID');
    const done = await platform.gql<any>(COMPLETE_RESET, { input: { challengeId, code, newPassword: 'reset passphrase number 9' } });
    expect(done.data.completePasswordReset.userErrors).toEqual([]);
    expect(await meCode(session.accessToken)).toBe('UNAUTHENTICATED');
    await signInAccount(platform, { ...account, password: 'reset passphrase number 9' });
    const reused = await platform.gql<any>(COMPLETE_RESET, { input: { challengeId, code, newPassword: 'another passphrase 10' } });
    expect(reused.data.completePasswordReset.userErrors[0].code).toBe('CHALLENGE_NOT_FOUND');
  });
});

describe('e-mail confirmation', () => {
  it('sends a code by e-mail and confirms the address with it', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const sent = await platform.gql<any>(`mutation { sendEmailVerification(input: {}) { challenge { id channel maskedMobile } userErrors { code } } }`, {}, { token: session.accessToken });
    const challenge = sent.data.sendEmailVerification.challenge;
    expect(challenge).toMatchObject({ channel: 'EMAIL', maskedMobile: null });
    const mail = platform.outbox().at(-1)!;
    expect(mail).toMatchObject({ channel: 'email', to: `${session.username}@example.sa`, purpose: 'EMAIL_VERIFICATION' });
    const verified = await platform.gql<any>(`mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) { account { emailVerified } userErrors { code } } }`, { input: { challengeId: challenge.id, code: mail.code } }, { token: session.accessToken });
    expect(verified.data.verifyEmail).toEqual({ account: { emailVerified: true }, userErrors: [] });
  });
});

describe('a session\'s absolute lifetime', () => {
  // Refreshing needs no access token, so the tokens' own (real) clock does not matter here.
  const DAY_MS = 24 * 60 * 60 * 1000;
  const timed = platformWithClock();
  const refreshOn = (refreshToken: string) => timed.platform.gql<any>(REFRESH, { input: { refreshToken } }).then((a) => a.data.refreshSession);

  it('ends 30 days after sign-in, however often its refresh token rotated', async () => {
    const signedInAt = timed.now.getTime();
    let refreshToken = (await signInAccount(timed.platform, await registerAccount(timed.platform))).refreshToken;
    for (const day of [10, 20, 29]) {
      timed.now = new Date(signedInAt + day * DAY_MS);
      const rotated = await refreshOn(refreshToken);
      expect(rotated.userErrors, `day ${day}`).toEqual([]);
      refreshToken = rotated.session.refreshToken;
    }
    timed.now = new Date(signedInAt + 30 * DAY_MS + 1000);
    const late = await refreshOn(refreshToken);
    expect(late.session).toBeNull();
    expect(late.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });
});
