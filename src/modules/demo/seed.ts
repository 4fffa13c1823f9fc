import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { Services } from '../../server/services.js';

export async function seedDemoData(_db: Db, _services: Services, logger: Logger): Promise<void> {
  logger.warn('demo data set not written yet');
}
