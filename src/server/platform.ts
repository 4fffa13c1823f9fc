// Assembles the running platform from a configuration: database (migrated),
// keys, services and the HTTP server. Tests start it the same way.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDatabase } from '../db/open.js';
import type { Database } from '../db/database.js';
import { createJobLeases } from '../modules/jobs/leases.js';
import { loadKeyRing } from '../auth/keys.js';
import { createTokenService } from '../auth/tokens.js';
import { createOutboxSender } from '../modules/messaging/sender.js';
import { createLogger } from './logger.js';
import { buildApp } from './app.js';
import { createServices, type Services } from './services.js';
import { seedDemoData } from '../modules/demo/seed.js';
import { backgroundJobs, startBackgroundJobs } from './background-jobs.js';

export interface Platform {
  app: FastifyInstance;
  db: Database;
  services: Services;
  logger: Logger;
  url: string;
  stop(): Promise<void>;
}

export async function startPlatform(config: Config, options: { logger?: Logger; now?: () => Date } = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const db = await openDatabase(config.database);
  const keys = await loadKeyRing({ privateJwks: config.jwt.privateJwks, dataDir: config.dataDir, allowGenerate: !config.isProduction });
  const tokens = createTokenService(keys, config.jwt);
  const services = createServices({ config, db, tokens, sender: createOutboxSender(config.outboxFile), logger, now: options.now ?? (() => new Date()) });
  // Payments a crash left half-done are settled before the first request
  // (directly: a lease the crashed process held would otherwise skip it;
  // settling is idempotent, so instances starting together may both do it).
  await services.payments.settleUnfinished();
  const sealed = await services.identity.sealUnsealedTotpSecrets();
  if (sealed > 0) logger.warn({ accounts: sealed }, 'sealed authenticator secrets stored before sealing existed');
  if (config.seedDemoData) await seedDemoData(db, services, logger);
  const stopBackgroundJobs = startBackgroundJobs(backgroundJobs(services), createJobLeases(db), logger);
  const app = await buildApp({ config, db, logger, tokens, services });
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info({ address, env: config.env }, 'serving /graphql');
  const port = (app.server.address() as { port: number }).port;
  return {
    app, db, services, logger,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      stopBackgroundJobs();
      await app.close(); // waits for requests in flight (Apollo's drain plugin)
      await db.close();
    },
  };
}
