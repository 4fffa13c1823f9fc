// Notifications through GraphQL over HTTP: the reader's language, unread
// filter and mark-read, pagination stable under inserts, and only the
// addressee sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addNotification, notificationRow, statementsOf } from '../helpers/notifications.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';

const PAGE = `query($unreadOnly: Boolean, $first: Int, $after: String) {
  me { unreadNotificationCount notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id kind title body localizedTitle { ar en } subjectId createdAt readAt read } }
  } }
}`;
const MARK = `mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { markedCount unreadNotificationCount userErrors { field message code } }
}`;
const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Notification { title read } } }`;

let platform: TestPlatform;
let amal: SignedIn;
let badr: SignedIn;

beforeAll(async () => {
  platform = await startTestPlatform();
  amal = await signInAccount(platform, await registerAccount(platform));
  badr = await signInAccount(platform, await registerAccount(platform));
});
afterAll(() => platform.stop());

async function clearNotifications(idNumber: string) {
  await platform.db.atomically(async (tx) => {
    await tx.delete(notifications).where(eq(notifications.personIdNumber, idNumber));
  });
}

/** `count` notifications for the person, one after the other (so their IDs follow their order); their IDs. */
async function addNotifications(idNumber: string, count: number, overrides: (n: number) => { en?: string } = () => ({})): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 1; n <= count; n++) ids.push(await addNotification(platform, idNumber, overrides(n)));
  return ids;
}

describe('reading notifications', () => {
  it('shows the title and text in the language of Accept-Language, and both languages on request', async () => {
    await clearNotifications(amal.idNumber);
    await addNotification(platform, amal.idNumber, { en: 'Your licence was renewed', ar: 'تم تجديد رخصتك' });

    const english = await platform.gql<any>(PAGE, {}, { token: amal.accessToken });
    const arabic = await platform.gql<any>(PAGE, {}, { token: amal.accessToken, headers: { 'accept-language': 'ar' } });

    const inEnglish = english.data.me.notifications.edges[0].node;
    const inArabic = arabic.data.me.notifications.edges[0].node;
    expect(inEnglish).toMatchObject({ title: 'Your licence was renewed', body: 'Your licence was renewed: details', read: false, readAt: null });
    expect(inArabic).toMatchObject({ title: 'تم تجديد رخصتك', body: 'تم تجديد رخصتك: التفاصيل' });
    expect(inArabic.localizedTitle).toEqual({ ar: 'تم تجديد رخصتك', en: 'Your licence was renewed' });
  });

  it('pages newest first with cursors that stay stable when new notifications arrive', async () => {
    await clearNotifications(amal.idNumber);
    const ids = await addNotifications(amal.idNumber, 5, (n) => ({ en: `Notice ${n}` }));

    const first = await platform.gql<any>(PAGE, { first: 2 }, { token: amal.accessToken });
    const page1 = first.data.me.notifications;
    expect(page1.edges.map((e: any) => e.node.title)).toEqual(['Notice 5', 'Notice 4']);
    expect(page1.totalCount).toBe(5);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page1.edges[0].cursor, endCursor: page1.edges[1].cursor });

    // A new notification between two page requests does not shift the next page.
    await addNotification(platform, amal.idNumber, { en: 'Notice 6' });
    const second = await platform.gql<any>(PAGE, { first: 2, after: page1.pageInfo.endCursor }, { token: amal.accessToken });
    expect(second.data.me.notifications.edges.map((e: any) => e.node.title)).toEqual(['Notice 3', 'Notice 2']);
    expect(second.data.me.notifications.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: second.data.me.notifications.edges[0].cursor });
    const third = await platform.gql<any>(PAGE, { first: 2, after: second.data.me.notifications.pageInfo.endCursor }, { token: amal.accessToken });
    expect(third.data.me.notifications.edges.map((e: any) => e.node.id)).toEqual([toGlobalId('Notification', ids[0]!)]);
    expect(third.data.me.notifications.pageInfo.hasNextPage).toBe(false);
    expect(third.data.me.notifications.totalCount).toBe(6);
  });

  it('gives an empty page no cursors', async () => {
    await clearNotifications(amal.idNumber);
    const empty = await platform.gql<any>(PAGE, {}, { token: amal.accessToken });
    expect(empty.data.me.notifications.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('refuses a page size over 100, also given as a variable', async () => {
    const answer = await platform.gql<any>(PAGE, { first: 1_000_000 }, { token: amal.accessToken });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor that is not one', async () => {
    const answer = await platform.gql<any>(PAGE, { after: 'not-a-cursor' }, { token: amal.accessToken });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never shows a person the notifications of another', async () => {
    await clearNotifications(amal.idNumber);
    await clearNotifications(badr.idNumber);
    await addNotification(platform, badr.idNumber);
    const answer = await platform.gql<any>(PAGE, {}, { token: amal.accessToken });
    expect(answer.data.me.notifications.totalCount).toBe(0);
    expect(answer.data.me.unreadNotificationCount).toBe(0);
  });

  it('runs the same number of SQL statements for a page of 1 and a page of 25 (no N+1)', async () => {
    await clearNotifications(amal.idNumber);
    await addNotifications(amal.idNumber, 25);
    const small = await statementsOf(platform, amal, [], PAGE, { first: 1 });
    const large = await statementsOf(platform, amal, [], PAGE, { first: 25 });
    expect(large.data.me.notifications.edges).toHaveLength(25);
    expect(large.statements.length).toBe(small.statements.length);
    // The page, its count and the unread count: three reads of the table, whatever the page size.
    expect(large.statements.filter((s) => /from "notifications"/.test(s))).toHaveLength(3);
  });
});

describe('node(id:)', () => {
  it('gives a notification to the person it is addressed to and null to anyone else', async () => {
    const id = toGlobalId('Notification', await addNotification(platform, amal.idNumber, { en: 'Mine' }));
    const own = await platform.gql<any>(NODE, { id }, { token: amal.accessToken });
    expect(own.data.node).toMatchObject({ __typename: 'Notification', id, title: 'Mine', read: false });

    const other = await platform.gql<any>(NODE, { id }, { token: badr.accessToken });
    const unknown = await platform.gql<any>(NODE, { id: toGlobalId('Notification', 999_999) }, { token: badr.accessToken });
    expect(other.data.node).toBeNull();
    expect(other).toEqual(unknown);
  });
});

describe('markNotificationsRead', () => {
  it('marks the named notifications read, and the unread filter and count follow', async () => {
    await clearNotifications(amal.idNumber);
    const [a, b, c] = await addNotifications(amal.idNumber, 3);

    const marked = await platform.gql<any>(MARK, { input: { notificationIds: [toGlobalId('Notification', a!), toGlobalId('Notification', b!)] } }, { token: amal.accessToken });
    expect(marked.data.markNotificationsRead).toEqual({ markedCount: 2, unreadNotificationCount: 1, userErrors: [] });
    expect((await notificationRow(platform, a!))?.readAt).toBeInstanceOf(Date);
    expect((await notificationRow(platform, c!))?.readAt).toBeNull();

    const unread = await platform.gql<any>(PAGE, { unreadOnly: true }, { token: amal.accessToken });
    expect(unread.data.me.notifications.edges.map((e: any) => e.node.id)).toEqual([toGlobalId('Notification', c!)]);
    expect(unread.data.me.notifications.totalCount).toBe(1);
    expect(unread.data.me.unreadNotificationCount).toBe(1);

    const all = await platform.gql<any>(PAGE, {}, { token: amal.accessToken });
    expect(all.data.me.notifications.totalCount).toBe(3);
    expect(all.data.me.notifications.edges.find((e: any) => e.node.id === toGlobalId('Notification', a!)).node.read).toBe(true);

    // Marking again changes nothing, and keeps the first reading time.
    const readAt = (await notificationRow(platform, a!))?.readAt;
    const again = await platform.gql<any>(MARK, { input: { notificationIds: [toGlobalId('Notification', a!)] } }, { token: amal.accessToken });
    expect(again.data.markNotificationsRead.markedCount).toBe(0);
    expect((await notificationRow(platform, a!))?.readAt).toEqual(readAt);
  });

  it('marks all of them read with all: true', async () => {
    await clearNotifications(amal.idNumber);
    await addNotifications(amal.idNumber, 3);
    const marked = await platform.gql<any>(MARK, { input: { all: true } }, { token: amal.accessToken });
    expect(marked.data.markNotificationsRead).toEqual({ markedCount: 3, unreadNotificationCount: 0, userErrors: [] });
  });

  it("ignores someone else's notification IDs: nothing of theirs changes and the answer is that of an unknown ID", async () => {
    const theirs = await addNotification(platform, badr.idNumber);
    const answer = await platform.gql<any>(MARK, { input: { notificationIds: [toGlobalId('Notification', theirs)] } }, { token: amal.accessToken });
    const unknown = await platform.gql<any>(MARK, { input: { notificationIds: [toGlobalId('Notification', 999_999)] } }, { token: amal.accessToken });
    expect(answer.data.markNotificationsRead.markedCount).toBe(0);
    expect(answer).toEqual(unknown);
    expect((await notificationRow(platform, theirs))?.readAt).toBeNull();
  });

  it('ignores IDs of another type', async () => {
    const own = await addNotification(platform, amal.idNumber);
    const answer = await platform.gql<any>(MARK, { input: { notificationIds: [toGlobalId('Account', own)] } }, { token: amal.accessToken });
    expect(answer.data.markNotificationsRead.markedCount).toBe(0);
    expect((await notificationRow(platform, own))?.readAt).toBeNull();
  });

  it('refuses a call that names nothing to mark, in the caller\'s language', async () => {
    const english = await platform.gql<any>(MARK, { input: {} }, { token: amal.accessToken });
    const arabic = await platform.gql<any>(MARK, { input: { notificationIds: [], all: false } }, { token: amal.accessToken, headers: { 'accept-language': 'ar' } });
    expect(english.data.markNotificationsRead).toMatchObject({ markedCount: null, userErrors: [{ code: 'NOTHING_TO_MARK', field: ['notificationIds'] }] });
    expect(english.data.markNotificationsRead.userErrors[0].message).toMatch(/mark/);
    expect(arabic.data.markNotificationsRead.userErrors[0]).toMatchObject({ code: 'NOTHING_TO_MARK', message: expect.stringMatching(/[\u0600-\u06FF]/) });
  });

  it('refuses more than 100 IDs at once, marking none', async () => {
    await clearNotifications(amal.idNumber);
    const own = await addNotification(platform, amal.idNumber);
    const ids = Array.from({ length: 101 }, () => toGlobalId('Notification', own));
    const answer = await platform.gql<any>(MARK, { input: { notificationIds: ids } }, { token: amal.accessToken });
    expect(answer.data.markNotificationsRead.userErrors[0].code).toBe('TOO_MANY_NOTIFICATIONS');
    expect((await notificationRow(platform, own))?.readAt).toBeNull();
  });

  it('needs a signed-in person', async () => {
    const answer = await platform.gql<any>(MARK, { input: { all: true } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
