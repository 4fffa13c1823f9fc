// Support tickets: a person opens one and writes on it; support agents answer
// and close it, and the person is told of both. A closed ticket is final.
import type { Database } from '../../db/database.js';
import type { IdentityService } from '../identity/service.js';
import type { RegistryService } from '../registry/service.js';
import { notify } from '../notifications/notify.js';
import { toGlobalId } from '../../server/global-id.js';
import { refuse, succeed, Refusal, type Outcome } from '../../server/user-errors.js';
import type { SupportErrorCode } from './errors.js';
import { createSupportStore, type SupportTx, type TicketStatus } from './store.js';
import type { SupportTicketRow } from './tables.js';

export const SUBJECT_LENGTH = { min: 3, max: 120 };
export const MESSAGE_MAX_LENGTH = 4000;
/** Tickets a person may have open at once, so that one account cannot flood the agents' queue. */
export const MAX_UNCLOSED_TICKETS = 20;
export const SUPPORT_AGENT_ROLE = 'SUPPORT_AGENT';
const AGENT_READ = { dataCategory: 'SUPPORT_TICKET', purpose: 'Answering support tickets' };

export type SupportCategory = 'ACCOUNT' | 'PAYMENTS' | 'DOCUMENTS' | 'TRAFFIC' | 'HEALTH' | 'EDUCATION' | 'OTHER';

export interface SupportViewer {
  accountId: number;
  roles: readonly string[];
}

type Result<T> = Outcome<T, SupportErrorCode>;

/** Length in characters as a person counts them (an Arabic letter or an emoji is one). */
const characters = (text: string) => [...text].length;

function checkSubject(subject: string): Refusal<SupportErrorCode> | null {
  const length = characters(subject);
  if (length < SUBJECT_LENGTH.min) return new Refusal('SUBJECT_TOO_SHORT', ['subject'], { min: SUBJECT_LENGTH.min });
  if (length > SUBJECT_LENGTH.max) return new Refusal('SUBJECT_TOO_LONG', ['subject'], { max: SUBJECT_LENGTH.max });
  return null;
}

function checkMessage(message: string): Refusal<SupportErrorCode> | null {
  if (characters(message) === 0) return new Refusal('MESSAGE_EMPTY', ['message']);
  if (characters(message) > MESSAGE_MAX_LENGTH) return new Refusal('MESSAGE_TOO_LONG', ['message'], { max: MESSAGE_MAX_LENGTH });
  return null;
}

function refusing<T>(...refusals: Array<Refusal<SupportErrorCode> | null>): Result<T> | null {
  const found = refusals.filter((r): r is Refusal<SupportErrorCode> => r !== null);
  return found.length > 0 ? { ok: false, refusals: found } : null;
}

export function ticketNumber(ticket: Pick<SupportTicketRow, 'id'>): string {
  return `ST-${String(ticket.id).padStart(7, '0')}`;
}

export function createSupportService(deps: { db: Database; identity: IdentityService; registry: RegistryService; now: () => Date }) {
  const { identity, registry, now } = deps;
  const store = createSupportStore(deps.db);

  /** Who the ticket's owner is in the registry, to address a notification. */
  async function ownerIdNumber(ticket: SupportTicketRow): Promise<string> {
    const owner = await identity.findAccount(ticket.accountId);
    if (!owner) throw new Error('support ticket without an account');
    return owner.personIdNumber;
  }

  /**
   * An agent's step on a ticket: checked again inside the transaction, since
   * the ticket may have been closed since it was read.
   */
  async function agentStep(
    agent: SupportViewer, ticketId: number | null, message: string | null,
    write: (tx: SupportTx, ticket: SupportTicketRow, personIdNumber: string, at: Date) => Promise<SupportTicketRow>,
  ): Promise<Result<SupportTicketRow>> {
    const invalid = message === null ? null : refusing<SupportTicketRow>(checkMessage(message));
    if (invalid) return invalid;
    const found = ticketId === null ? undefined : await store.findTicket(ticketId);
    if (!found) return refuse('TICKET_NOT_FOUND', ['ticketId']);
    if (found.accountId === agent.accountId) return refuse('OWN_TICKET', ['ticketId']);
    const personIdNumber = await ownerIdNumber(found);
    return store.atomically(async (tx): Promise<Result<SupportTicketRow>> => {
      const ticket = (await tx.ticket(found.id))!;
      if (ticket.status === 'CLOSED') return refuse('TICKET_CLOSED', ['ticketId']);
      const at = now();
      if (message !== null && message.length > 0) {
        await tx.insertMessage({ ticketId: ticket.id, authorAccountId: agent.accountId, authorRole: 'AGENT', body: message, createdAt: at });
      }
      return succeed(await write(tx, ticket, personIdNumber, at));
    });
  }

  /**
   * A person may always see who read their data: an agent shown someone
   * else's ticket leaves one access-log row per person, before the answer goes out.
   */
  async function logAgentReads(agent: SupportViewer, tickets: readonly SupportTicketRow[], requestId: string | null): Promise<void> {
    const ownerIds = [...new Set(tickets.map((t) => t.accountId))].filter((accountId) => accountId !== agent.accountId);
    if (ownerIds.length === 0) return;
    const [owners, agentAccount] = await Promise.all([identity.findAccounts(ownerIds), identity.findAccount(agent.accountId)]);
    const agentPerson = agentAccount ? await registry.findPerson(agentAccount.personIdNumber) : undefined;
    const occurredAt = now();
    await store.recordAgentReads(owners.map((owner) => ({
      personIdNumber: owner.personIdNumber, accessorKind: 'OFFICER', accessorId: String(agent.accountId),
      accessorName: agentPerson?.nameEn ?? agentAccount?.username ?? String(agent.accountId),
      accessorRole: SUPPORT_AGENT_ROLE, ...AGENT_READ, requestId, occurredAt,
    })));
  }

  return {
    async visibleTo(ticket: SupportTicketRow | null | undefined, viewer: SupportViewer, requestId: string | null): Promise<SupportTicketRow | null> {
      if (!ticket) return null;
      if (ticket.accountId === viewer.accountId) return ticket;
      if (!viewer.roles.includes(SUPPORT_AGENT_ROLE)) return null;
      await logAgentReads(viewer, [ticket], requestId);
      return ticket;
    },
    findTickets: (ids: readonly number[]) => store.findTickets(ids),
    messagesOf: (ticketIds: readonly number[]) => store.messagesOf(ticketIds),
    ticketsOf: (accountId: number, status: TicketStatus | null, limit: number, beforeId: number | null) =>
      store.ticketsOf(accountId, status, limit, beforeId),
    countTicketsOf: (accountId: number, status: TicketStatus | null) => store.countTicketsOf(accountId, status),
    /** Up to `pageSize + 1` tickets (the extra one only tells that a page follows); the page shown is logged. */
    async queue(agent: SupportViewer, status: TicketStatus, pageSize: number, afterId: number | null, requestId: string | null): Promise<SupportTicketRow[]> {
      const rows = await store.queue(status, pageSize + 1, afterId);
      await logAgentReads(agent, rows.slice(0, pageSize), requestId);
      return rows;
    },
    countQueue: (status: TicketStatus) => store.countQueue(status),

    async open(accountId: number, input: { subject: string; message: string; category: SupportCategory }): Promise<Result<SupportTicketRow>> {
      const subject = input.subject.trim();
      const message = input.message.trim();
      const invalid = refusing<SupportTicketRow>(checkSubject(subject), checkMessage(message));
      if (invalid) return invalid;
      return store.atomically(async (tx): Promise<Result<SupportTicketRow>> => {
        if ((await tx.unclosedTicketsOf(accountId)) >= MAX_UNCLOSED_TICKETS) return refuse('TOO_MANY_OPEN_TICKETS', null, { max: MAX_UNCLOSED_TICKETS });
        const at = now();
        const ticket = await tx.insertTicket({ accountId, subject, category: input.category, status: 'OPEN', createdAt: at, updatedAt: at });
        await tx.insertMessage({ ticketId: ticket.id, authorAccountId: accountId, authorRole: 'PERSON', body: message, createdAt: at });
        return succeed(ticket);
      });
    },

    /** The owner writes again: the ticket goes back to the agents' queue. */
    async addMessage(accountId: number, ticketId: number | null, text: string): Promise<Result<SupportTicketRow>> {
      const message = text.trim();
      const invalid = refusing<SupportTicketRow>(checkMessage(message));
      if (invalid) return invalid;
      if (ticketId === null) return refuse('TICKET_NOT_FOUND', ['ticketId']);
      return store.atomically(async (tx): Promise<Result<SupportTicketRow>> => {
        const ticket = await tx.ticket(ticketId);
        // Someone else's ticket answers exactly as an unknown one.
        if (!ticket || ticket.accountId !== accountId) return refuse('TICKET_NOT_FOUND', ['ticketId']);
        if (ticket.status === 'CLOSED') return refuse('TICKET_CLOSED', ['ticketId']);
        const at = now();
        await tx.insertMessage({ ticketId, authorAccountId: accountId, authorRole: 'PERSON', body: message, createdAt: at });
        return succeed(await tx.updateTicket(ticketId, { status: 'OPEN', updatedAt: at }));
      });
    },

    answer(agent: SupportViewer, ticketId: number | null, text: string): Promise<Result<SupportTicketRow>> {
      return agentStep(agent, ticketId, text.trim(), async (tx, ticket, personIdNumber, at) => {
        const number = ticketNumber(ticket);
        await notify(tx.tx, {
          personIdNumber,
          kind: 'SUPPORT_TICKET_ANSWERED',
          title: { en: 'Support answered your ticket', ar: 'رد فريق الدعم على تذكرتك' },
          body: {
            en: `Support answered your ticket ${number} "${ticket.subject}".`,
            ar: `رد فريق الدعم على تذكرتك ${number} "${ticket.subject}".`,
          },
          subjectId: toGlobalId('SupportTicket', ticket.id),
        }, at);
        return tx.updateTicket(ticket.id, { status: 'ANSWERED', updatedAt: at });
      });
    },

    close(agent: SupportViewer, ticketId: number | null, text: string | null): Promise<Result<SupportTicketRow>> {
      return agentStep(agent, ticketId, text === null ? null : text.trim() || null, async (tx, ticket, personIdNumber, at) => {
        const number = ticketNumber(ticket);
        await notify(tx.tx, {
          personIdNumber,
          kind: 'SUPPORT_TICKET_CLOSED',
          title: { en: 'Your support ticket was closed', ar: 'أُغلقت تذكرة الدعم الخاصة بك' },
          body: {
            en: `Support closed your ticket ${number} "${ticket.subject}". Open a new ticket if you need more help.`,
            ar: `أغلق فريق الدعم تذكرتك ${number} "${ticket.subject}". افتح تذكرة جديدة إذا احتجت إلى مساعدة أخرى.`,
          },
          subjectId: toGlobalId('SupportTicket', ticket.id),
        }, at);
        return tx.updateTicket(ticket.id, { status: 'CLOSED', updatedAt: at, closedAt: at, closedByAccountId: agent.accountId });
      });
    },
  };
}

export type SupportService = ReturnType<typeof createSupportService>;
