import DataLoader from 'dataloader';
import { byKeys } from '../../server/batch.js';
import type { NotificationsService } from './service.js';
import type { NotificationRow } from './tables.js';

export function createNotificationLoaders(notifications: NotificationsService) {
  return {
    notificationById: new DataLoader<number, NotificationRow | null>(async (ids) =>
      byKeys(ids, await notifications.findMany(ids), (row) => row.id),
    ),
  };
}
