// Writing a notification. Synchronous and in the caller's transaction, so a
// notification exists exactly when the event it tells of was committed.
import type { Db } from '../../db/connection.js';
import type { Transaction } from '../../db/transaction.js';
import type { Localized } from '../../i18n/language.js';
import { notifications } from './tables.js';

export interface NewNotification {
  personIdNumber: string;
  kind: string;
  title: Localized;
  body: Localized;
  subjectId?: string | null;
}

export function notify(tx: Transaction | Db, notification: NewNotification, at: Date): void {
  tx.insert(notifications)
    .values({
      personIdNumber: notification.personIdNumber,
      kind: notification.kind,
      titleAr: notification.title.ar,
      titleEn: notification.title.en,
      bodyAr: notification.body.ar,
      bodyEn: notification.body.en,
      subjectId: notification.subjectId ?? null,
      createdAt: at,
    })
    .run();
}
