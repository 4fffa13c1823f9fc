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
import { createLogger, wantsPrettyLogs } from './logger.js';
import { buildApp } from './app.js';
import { createServices, type Services } from './services.js';
import { seedDemoData } from '../modules/demo/seed.js';
import { backgroundJobs, startBackgroundJobs } from './background-jobs.js';
import { createMetrics, type Metrics } from './metrics.js';
import { serveMetrics } from './metrics-server.js';
import { countingSender } from './counted-outbound.js';

export interface Platform {
  app: FastifyInstance;
  db: Database;
  services: Services;
  logger: Logger;
  url: string;
  metrics: Metrics;
  /** Base URL of the metrics listener (METRICS_PORT), or null when there is none. */
  metricsUrl: string | null;
  /** From now on /readyz answers 503; requests are still served. `stop` begins with it. */
  startDraining(): void;
  stop(): Promise<void>;
}

export async function startPlatform(config: Config, options: { logger?: Logger; now?: () => Date } = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.logFormat, config.isDevelopment) });
  const db = await openDatabase(config.database);
  const keys = await loadKeyRing({ privateJwks: config.jwt.privateJwks, dataDir: config.dataDir, allowGenerate: !config.isProduction });
  const tokens = createTokenService(keys, config.jwt);
  const metrics = createMetrics();
  const sender = countingSender(createOutboxSender(config.outboxFile), metrics);
  const services = createServices({ config, db, tokens, sender, logger, now: options.now ?? (() => new Date()), metrics });
  // Payments a crash left half-done are settled before the first request
  // (directly: a lease the crashed process held would otherwise skip it;
  // settling is idempotent, so instances starting together may both do it).
  await services.payments.settleUnfinished();
  const sealed = await services.identity.sealUnsealedTotpSecrets();
  if (sealed > 0) logger.warn({ accounts: sealed }, 'sealed authenticator secrets stored before sealing existed');
  if (config.seedDemoData) await seedDemoData(db, services, logger);
  const stopBackgroundJobs = startBackgroundJobs(backgroundJobs(services), createJobLeases(db), logger);
  let draining = false;
  const app = await buildApp({ config, db, logger, tokens, services, metrics, isDraining: () => draining });
  const address = await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  // One line with the whole URL, ready to click or paste into a client; the
  // pid lets an operator (and the shutdown test) tell the server from the npm
  // or shell that started it.
  const endpoint = endpointUrl(config.host, port);
  logger.info({ address, endpoint, env: config.env, pid: process.pid }, `serving ${endpoint}`);
  const metricsServer = config.metrics ? await serveMetrics(config.metrics, metrics.registry, logger) : null;
  return {
    app, db, services, logger, metrics,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: metricsServer?.url ?? null,
    startDraining() {
      draining = true;
    },
    async stop() {
      draining = true;
      // Requests keep being taken for the delay, so that a load balancer has
      // time to see the server go and send nothing more before the port closes.
      if (config.shutdown.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdown.delayMs));
      stopBackgroundJobs();
      await app.close(); // waits for requests in flight (Apollo's drain plugin)
      await metricsServer?.close(); // last: the drain itself can be watched
      await db.close();
    },
  };
}

/** The URL a developer opens; a wildcard address is not one a browser can, so it reads localhost. */
export function endpointUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/graphql`;
}
