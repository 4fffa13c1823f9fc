// Support tickets through GraphQL over HTTP: a person opens and writes, an
// agent answers and closes, the person is notified, and nobody else sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { localIdOf, signedInWithRoles, statementsOf } from '../helpers/notifications.js';
import { supportMessages, supportTickets } from '../../src/modules/support/tables.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { accessLog } from '../../src/modules/audit/tables.js';
import { toGlobalId } from '../../src/server/global-id.js';
import { first } from '../../src/db/database.js';

const TICKET_FIELDS = `id number subject status category createdAt updatedAt closedAt messages { author role body createdAt }`;
const OPEN = `mutation($input: OpenSupportTicketInput!) { openSupportTicket(input: $input) { ticket { ${TICKET_FIELDS} } userErrors { field message code } } }`;
const ADD = `mutation($input: AddSupportMessageInput!) { addSupportMessage(input: $input) { ticket { ${TICKET_FIELDS} } userErrors { field message code } } }`;
const ANSWER = `mutation($input: AnswerSupportTicketInput!) { answerSupportTicket(input: $input) { ticket { ${TICKET_FIELDS} } userErrors { field message code } } }`;
const CLOSE = `mutation($input: CloseSupportTicketInput!) { closeSupportTicket(input: $input) { ticket { ${TICKET_FIELDS} } userErrors { field message code } } }`;
const QUEUE = `query($status: SupportTicketStatus, $first: Int, $after: String) { supportQueue(status: $status, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id subject status } } } }`;
const MINE = `query($status: SupportTicketStatus, $first: Int, $after: String) { me { supportTickets(status: $status, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id subject status } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on SupportTicket { subject messages { body } } } }`;
const NOTICES = `query { me { notifications(first: 5) { edges { node { kind title body subjectId } } } } }`;

let platform: TestPlatform;
let amal: SignedIn;
let badr: SignedIn;
let agent: SignedIn;

beforeAll(async () => {
  platform = await startTestPlatform();
  amal = await signInAccount(platform, await registerAccount(platform));
  badr = await signInAccount(platform, await registerAccount(platform));
  agent = await signedInWithRoles(platform, ['SUPPORT_AGENT']);
});
afterAll(() => platform.stop());

const ticketCount = async () => (await first(platform.db.read.select({ n: count() }).from(supportTickets)))!.n;
const messageCount = async () => (await first(platform.db.read.select({ n: count() }).from(supportMessages)))!.n;
const notificationCount = async () => (await first(platform.db.read.select({ n: count() }).from(notifications)))!.n;
const ticketRow = async (globalId: string) => (await first(platform.db.read.select().from(supportTickets).where(eq(supportTickets.id, localIdOf(globalId)))))!;

async function openTicket(person: SignedIn, subject = 'Cannot pay my fine'): Promise<string> {
  const answer = await platform.gql<any>(OPEN, { input: { subject, message: 'The payment page shows an error.', category: 'PAYMENTS' } }, { token: person.accessToken });
  return answer.data.openSupportTicket.ticket.id;
}

describe('a person opening a ticket', () => {
  it('opens it with its first message, waiting for an agent', async () => {
    const answer = await platform.gql<any>(OPEN, { input: { subject: '  Renewal fee charged twice ', message: 'I was charged twice for my licence.', category: 'PAYMENTS' } }, { token: amal.accessToken });
    const { ticket, userErrors } = answer.data.openSupportTicket;
    expect(userErrors).toEqual([]);
    expect(ticket).toMatchObject({ subject: 'Renewal fee charged twice', status: 'OPEN', category: 'PAYMENTS', closedAt: null });
    expect(ticket.number).toMatch(/^ST-\d{7}$/);
    expect(ticket.messages).toEqual([{ author: amal.username, role: 'PERSON', body: 'I was charged twice for my licence.', createdAt: expect.any(String) }]);
    const row = await ticketRow(ticket.id);
    expect(row).toMatchObject({ accountId: localIdOf(amal.accountId), status: 'OPEN', category: 'PAYMENTS' });
  });

  it('refuses a subject or message out of bounds with a userError per field, writing nothing', async () => {
    const [tickets, messages] = [await ticketCount(), await messageCount()];
    const short = await platform.gql<any>(OPEN, { input: { subject: ' a ', message: '   ', category: 'OTHER' } }, { token: amal.accessToken });
    expect(short.data.openSupportTicket.ticket).toBeNull();
    expect(short.data.openSupportTicket.userErrors.map((e: any) => [e.code, e.field])).toEqual([
      ['SUBJECT_TOO_SHORT', ['subject']],
      ['MESSAGE_EMPTY', ['message']],
    ]);
    expect(short.data.openSupportTicket.userErrors[0].message).toMatch(/at least 3/);

    const long = await platform.gql<any>(OPEN, { input: { subject: 'x'.repeat(121), message: 'y'.repeat(4001), category: 'OTHER' } }, { token: amal.accessToken });
    expect(long.data.openSupportTicket.userErrors.map((e: any) => e.code)).toEqual(['SUBJECT_TOO_LONG', 'MESSAGE_TOO_LONG']);
    expect([await ticketCount(), await messageCount()]).toEqual([tickets, messages]);
  });

  it('counts characters as people do: 120 Arabic letters are a valid subject', async () => {
    const answer = await platform.gql<any>(OPEN, { input: { subject: 'ت'.repeat(120), message: 'مرحبا', category: 'OTHER' } }, { token: amal.accessToken });
    expect(answer.data.openSupportTicket.userErrors).toEqual([]);
  });

  it('answers refusals in Arabic for Accept-Language: ar', async () => {
    const answer = await platform.gql<any>(OPEN, { input: { subject: 'ab', message: 'hello', category: 'OTHER' } }, { token: amal.accessToken, headers: { 'accept-language': 'ar' } });
    expect(answer.data.openSupportTicket.userErrors[0]).toMatchObject({ code: 'SUBJECT_TOO_SHORT', message: expect.stringMatching(/الموضوع/) });
  });

  it('refuses a 21st ticket in progress, and accepts one again once a ticket is closed', async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    const opened = [];
    for (let n = 0; n < 20; n++) opened.push(await openTicket(person, `Question ${n}`));
    const before = await ticketCount();
    const refused = await platform.gql<any>(OPEN, { input: { subject: 'One more', message: 'hello', category: 'OTHER' } }, { token: person.accessToken });
    expect(refused.data.openSupportTicket).toMatchObject({ ticket: null, userErrors: [{ code: 'TOO_MANY_OPEN_TICKETS', field: null }] });
    expect(await ticketCount()).toBe(before);

    await platform.gql(CLOSE, { input: { ticketId: opened[0] } }, { token: agent.accessToken });
    const accepted = await platform.gql<any>(OPEN, { input: { subject: 'One more', message: 'hello', category: 'OTHER' } }, { token: person.accessToken });
    expect(accepted.data.openSupportTicket.userErrors).toEqual([]);
  });

  it('needs a signed-in person', async () => {
    const answer = await platform.gql<any>(OPEN, { input: { subject: 'Help me', message: 'hello', category: 'OTHER' } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the conversation', () => {
  it('an agent answers, the person is notified in their language, writes again, and the agent closes', async () => {
    const ticketId = await openTicket(amal, 'Licence renewal stuck');

    const answered = await platform.gql<any>(ANSWER, { input: { ticketId, message: 'We have fixed the renewal. Please try again.' } }, { token: agent.accessToken });
    expect(answered.data.answerSupportTicket.userErrors).toEqual([]);
    expect(answered.data.answerSupportTicket.ticket.status).toBe('ANSWERED');
    expect(answered.data.answerSupportTicket.ticket.messages.at(-1)).toMatchObject({ author: 'Support team', role: 'AGENT', body: 'We have fixed the renewal. Please try again.' });
    expect((await ticketRow(ticketId)).status).toBe('ANSWERED');

    const english = await platform.gql<any>(NOTICES, {}, { token: amal.accessToken });
    expect(english.data.me.notifications.edges[0].node).toMatchObject({
      kind: 'SUPPORT_TICKET_ANSWERED', title: 'Support answered your ticket', subjectId: ticketId,
      body: expect.stringContaining('Licence renewal stuck'),
    });
    const arabic = await platform.gql<any>(NOTICES, {}, { token: amal.accessToken, headers: { 'accept-language': 'ar' } });
    expect(arabic.data.me.notifications.edges[0].node.title).toBe('رد فريق الدعم على تذكرتك');

    const again = await platform.gql<any>(ADD, { input: { ticketId, message: 'It still fails.' } }, { token: amal.accessToken });
    expect(again.data.addSupportMessage.ticket.status).toBe('OPEN');
    expect(again.data.addSupportMessage.ticket.messages.map((m: any) => m.role)).toEqual(['PERSON', 'AGENT', 'PERSON']);

    const closed = await platform.gql<any>(CLOSE, { input: { ticketId, message: 'Solved by phone.' } }, { token: agent.accessToken });
    expect(closed.data.closeSupportTicket.ticket).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    expect(closed.data.closeSupportTicket.ticket.messages.at(-1).body).toBe('Solved by phone.');
    expect(await ticketRow(ticketId)).toMatchObject({ status: 'CLOSED', closedByAccountId: localIdOf(agent.accountId) });
    const notices = await platform.gql<any>(NOTICES, {}, { token: amal.accessToken });
    expect(notices.data.me.notifications.edges[0].node).toMatchObject({ kind: 'SUPPORT_TICKET_CLOSED', subjectId: ticketId });
  });

  it('a closed ticket refuses new messages from the person and the agent, and closing twice', async () => {
    const ticketId = await openTicket(amal);
    await platform.gql(CLOSE, { input: { ticketId } }, { token: agent.accessToken });
    const messages = await messageCount();

    const fromPerson = await platform.gql<any>(ADD, { input: { ticketId, message: 'Wait, one more thing' } }, { token: amal.accessToken });
    const fromAgent = await platform.gql<any>(ANSWER, { input: { ticketId, message: 'Late answer' } }, { token: agent.accessToken });
    const closeAgain = await platform.gql<any>(CLOSE, { input: { ticketId } }, { token: agent.accessToken });
    for (const payload of [fromPerson.data.addSupportMessage, fromAgent.data.answerSupportTicket, closeAgain.data.closeSupportTicket]) {
      expect(payload).toMatchObject({ ticket: null, userErrors: [{ code: 'TICKET_CLOSED', field: ['ticketId'] }] });
    }
    expect(await messageCount()).toBe(messages);
  });

  it('refuses an empty answer, writing nothing and notifying nobody', async () => {
    const ticketId = await openTicket(amal);
    const notices = await notificationCount();
    const answer = await platform.gql<any>(ANSWER, { input: { ticketId, message: '  ' } }, { token: agent.accessToken });
    expect(answer.data.answerSupportTicket.userErrors[0].code).toBe('MESSAGE_EMPTY');
    expect((await ticketRow(ticketId)).status).toBe('OPEN');
    expect(await notificationCount()).toBe(notices);
  });

  it('an agent may not handle their own ticket', async () => {
    const ticketId = await openTicket(agent);
    const answer = await platform.gql<any>(ANSWER, { input: { ticketId, message: 'Sorted.' } }, { token: agent.accessToken });
    expect(answer.data.answerSupportTicket.userErrors[0].code).toBe('OWN_TICKET');
    const close = await platform.gql<any>(CLOSE, { input: { ticketId } }, { token: agent.accessToken });
    expect(close.data.closeSupportTicket.userErrors[0].code).toBe('OWN_TICKET');
  });

  it('refuses an unknown ticket and an ID of another type alike', async () => {
    for (const ticketId of [toGlobalId('SupportTicket', 999_999), toGlobalId('Account', 1), 'garbage']) {
      const answer = await platform.gql<any>(ANSWER, { input: { ticketId, message: 'Hello' } }, { token: agent.accessToken });
      expect(answer.data.answerSupportTicket.userErrors[0].code).toBe('TICKET_NOT_FOUND');
    }
  });
});

describe("someone else's ticket", () => {
  it('is null through node(id:) for another person, as an unknown ID, and visible to its owner and to agents', async () => {
    const ticketId = await openTicket(amal, 'Private matter');
    const other = await platform.gql<any>(NODE, { id: ticketId }, { token: badr.accessToken });
    const unknown = await platform.gql<any>(NODE, { id: toGlobalId('SupportTicket', 999_999) }, { token: badr.accessToken });
    expect(other.data.node).toBeNull();
    expect(other).toEqual(unknown);

    const own = await platform.gql<any>(NODE, { id: ticketId }, { token: amal.accessToken });
    expect(own.data.node).toMatchObject({ __typename: 'SupportTicket', subject: 'Private matter' });
    const byAgent = await platform.gql<any>(NODE, { id: ticketId }, { token: agent.accessToken });
    expect(byAgent.data.node).toMatchObject({ __typename: 'SupportTicket', subject: 'Private matter' });
  });

  it('takes no message from another person: the answer of an unknown ticket, nothing written', async () => {
    const ticketId = await openTicket(amal);
    const messages = await messageCount();
    const answer = await platform.gql<any>(ADD, { input: { ticketId, message: 'Let me in' } }, { token: badr.accessToken });
    const unknown = await platform.gql<any>(ADD, { input: { ticketId: toGlobalId('SupportTicket', 999_999), message: 'Let me in' } }, { token: badr.accessToken });
    expect(answer.data.addSupportMessage).toMatchObject({ ticket: null, userErrors: [{ code: 'TICKET_NOT_FOUND' }] });
    expect(answer).toEqual(unknown);
    expect(await messageCount()).toBe(messages);
  });

  it('is not in the lists of another person', async () => {
    const answer = await platform.gql<any>(MINE, {}, { token: badr.accessToken });
    expect(answer.data.me.supportTickets.totalCount).toBe(0);
  });
});

describe("an agent reading a person's tickets", () => {
  const logOf = async (idNumber: string) => platform.db.read.select().from(accessLog).where(eq(accessLog.personIdNumber, idNumber));

  it('leaves an access-log row the person can read; the person reading their own ticket leaves none', async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    const ticketId = await openTicket(person, 'My residency question');
    await platform.gql(NODE, { id: ticketId }, { token: person.accessToken });
    expect(await logOf(person.idNumber)).toEqual([]);

    await platform.gql(NODE, { id: ticketId }, { token: agent.accessToken, headers: { 'x-request-id': 'agent-read-0001' } });
    expect(await logOf(person.idNumber)).toEqual([expect.objectContaining({
      accessorKind: 'OFFICER', accessorId: String(localIdOf(agent.accountId)), accessorRole: 'SUPPORT_AGENT',
      dataCategory: 'SUPPORT_TICKET', purpose: 'Answering support tickets', requestId: 'agent-read-0001', occurredAt: expect.any(Date),
    })]);

    // The queue logs the people on the page it shows: this person's newest ticket is on the last page.
    const queue = await platform.gql<any>(QUEUE, { first: 100 }, { token: agent.accessToken });
    expect(queue.data.supportQueue.edges.map((e: any) => e.node.id)).toContain(ticketId);
    expect(await logOf(person.idNumber)).toHaveLength(2);
  });
});

describe('agent operations by a non-agent', () => {
  it('are FORBIDDEN and change nothing', async () => {
    const ticketId = await openTicket(amal);
    const queue = await platform.gql<any>(QUEUE, {}, { token: badr.accessToken });
    const answer = await platform.gql<any>(ANSWER, { input: { ticketId, message: 'I am not an agent' } }, { token: badr.accessToken });
    const close = await platform.gql<any>(CLOSE, { input: { ticketId } }, { token: amal.accessToken });
    for (const refused of [queue, answer, close]) expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ticketRow(ticketId)).status).toBe('OPEN');
  });
});

describe('lists', () => {
  it("the person's tickets: newest first, by status, in pages", async () => {
    const person = await signInAccount(platform, await registerAccount(platform));
    const ids = [];
    for (const subject of ['First ticket', 'Second ticket', 'Third ticket']) ids.push(await openTicket(person, subject));
    await platform.gql(ANSWER, { input: { ticketId: ids[1], message: 'Answered' } }, { token: agent.accessToken });

    const page1 = await platform.gql<any>(MINE, { first: 2 }, { token: person.accessToken });
    expect(page1.data.me.supportTickets.edges.map((e: any) => e.node.subject)).toEqual(['Third ticket', 'Second ticket']);
    expect(page1.data.me.supportTickets).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const page2 = await platform.gql<any>(MINE, { first: 2, after: page1.data.me.supportTickets.pageInfo.endCursor }, { token: person.accessToken });
    expect(page2.data.me.supportTickets.edges.map((e: any) => e.node.subject)).toEqual(['First ticket']);

    const answered = await platform.gql<any>(MINE, { status: 'ANSWERED' }, { token: person.accessToken });
    expect(answered.data.me.supportTickets.edges.map((e: any) => e.node.id)).toEqual([ids[1]]);
    expect(answered.data.me.supportTickets.totalCount).toBe(1);
  });

  it("the agents' queue: open tickets oldest first, in pages, other statuses on request", async () => {
    const all = await platform.gql<any>(QUEUE, { first: 100 }, { token: agent.accessToken });
    const open = await platform.db.read.select().from(supportTickets).where(eq(supportTickets.status, 'OPEN'));
    expect(all.data.supportQueue.totalCount).toBe(open.length);
    expect(all.data.supportQueue.edges.map((e: any) => localIdOf(e.node.id))).toEqual(open.map((t) => t.id).sort((a, b) => a - b));

    const page1 = await platform.gql<any>(QUEUE, { first: 2 }, { token: agent.accessToken });
    const page2 = await platform.gql<any>(QUEUE, { first: 2, after: page1.data.supportQueue.pageInfo.endCursor }, { token: agent.accessToken });
    expect([...page1.data.supportQueue.edges, ...page2.data.supportQueue.edges].map((e: any) => e.node.id)).toEqual(all.data.supportQueue.edges.slice(0, 4).map((e: any) => e.node.id));

    const closed = await platform.gql<any>(QUEUE, { status: 'CLOSED' }, { token: agent.accessToken });
    expect(closed.data.supportQueue.edges.length).toBeGreaterThan(0);
    expect(closed.data.supportQueue.edges.every((e: any) => e.node.status === 'CLOSED')).toBe(true);
  });

  it('reads a page of tickets with their messages and authors in a fixed number of queries (no N+1)', async () => {
    const QUEUE_WITH_MESSAGES = `query($first: Int) { supportQueue(first: $first) { totalCount edges { node { id number messages { author role body } } } } }`;
    for (let n = 0; n < 6; n++) await openTicket(n % 2 ? amal : badr);
    const small = await statementsOf(platform, agent, ['SUPPORT_AGENT'], QUEUE_WITH_MESSAGES, { first: 1 });
    const large = await statementsOf(platform, agent, ['SUPPORT_AGENT'], QUEUE_WITH_MESSAGES, { first: 6 });
    expect(large.data.supportQueue.edges).toHaveLength(6);
    const reads = (statements: string[]) => statements.filter((s) => /^select/i.test(s.trim()));
    expect(reads(large.statements).length).toBe(reads(small.statements).length);
  });

  it('caps the page size', async () => {
    const answer = await platform.gql<any>(QUEUE, { first: 101 }, { token: agent.accessToken });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
