// Writing a notification, in the caller's transaction, so a notification
// exists exactly when the event it tells of was committed.
import type { Tx } from '../../db/database.js';
import type { Localized } from '../../i18n/language.js';
import { notifications } from './tables.js';

export interface NewNotification {
  personIdNumber: string;
  kind: string;
  title: Localized;
  body: Localized;
  subjectId?: string | null;
}

export async function notify(tx: Tx, notification: NewNotification, at: Date): Promise<void> {
  await tx.insert(notifications)
    .values({
      personIdNumber: notification.personIdNumber,
      kind: notification.kind,
      titleAr: notification.title.ar,
      titleEn: notification.title.en,
      bodyAr: notification.body.ar,
      bodyEn: notification.body.en,
      subjectId: notification.subjectId ?? null,
      createdAt: at,
    });
}
