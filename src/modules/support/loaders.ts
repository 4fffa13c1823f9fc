import DataLoader from 'dataloader';
import { byKeys, groupedByKeys } from '../../server/batch.js';
import type { SupportService } from './service.js';
import type { SupportMessageRow, SupportTicketRow } from './tables.js';

export function createSupportLoaders(support: SupportService) {
  return {
    ticketById: new DataLoader<number, SupportTicketRow | null>(async (ids) =>
      byKeys(ids, await support.findTickets(ids), (row) => row.id),
    ),
    // One query for the messages of every ticket on a page, not one per ticket.
    messagesByTicket: new DataLoader<number, SupportMessageRow[]>(async (ticketIds) =>
      groupedByKeys(ticketIds, await support.messagesOf(ticketIds), (row) => row.ticketId),
    ),
  };
}
