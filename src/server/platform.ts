// Assembles the running platform from a configuration: database (migrated),
// keys, services and the HTTP server. Tests start it the same way.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openMigratedDatabase, type Db } from '../db/connection.js';
import { loadKeyRing } from '../auth/keys.js';
import { createTokenService } from '../auth/tokens.js';
import { createOutboxSender } from '../modules/messaging/sender.js';
import { createLogger, wantsPrettyLogs } from './logger.js';
import { buildApp } from './app.js';
import { createServices, type Services } from './services.js';
import { seedDemoData } from '../modules/demo/seed.js';
import { startBackgroundJobs } from './background-jobs.js';

export interface Platform {
  app: FastifyInstance;
  db: Db;
  services: Services;
  logger: Logger;
  url: string;
  stop(): Promise<void>;
}

export async function startPlatform(config: Config, options: { logger?: Logger; now?: () => Date } = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.logFormat, config.isDevelopment) });
  const db = openMigratedDatabase(config.databasePath);
  const keys = await loadKeyRing({ privateJwks: config.jwt.privateJwks, dataDir: config.dataDir, allowGenerate: !config.isProduction });
  const tokens = createTokenService(keys, config.jwt);
  const services = createServices({ config, db, tokens, sender: createOutboxSender(config.outboxFile), logger, now: options.now ?? (() => new Date()) });
  // Payments a crash left half-done are settled before the first request.
  await services.payments.settleUnfinished();
  const sealed = await services.identity.sealUnsealedTotpSecrets();
  if (sealed > 0) logger.warn({ accounts: sealed }, 'sealed authenticator secrets stored before sealing existed');
  if (config.seedDemoData) await seedDemoData(db, services, logger);
  const stopBackgroundJobs = startBackgroundJobs(services, logger);
  const app = await buildApp({ config, db, logger, tokens, services });
  const address = await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  // One line with the whole URL, ready to click or paste into a client.
  const endpoint = endpointUrl(config.host, port);
  logger.info({ address, endpoint, env: config.env }, `serving ${endpoint}`);
  return {
    app, db, services, logger,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      stopBackgroundJobs();
      await app.close(); // waits for requests in flight (Apollo's drain plugin)
      db.$client.close();
    },
  };
}

/** The URL a developer opens; a wildcard address is not one a browser can, so it reads localhost. */
export function endpointUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/graphql`;
}
