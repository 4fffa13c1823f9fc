// The services of every module, built once per process over one database.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { TokenService } from '../auth/tokens.js';
import type { MessageSender } from '../modules/messaging/sender.js';
import { createRegistryStore } from '../modules/registry/store.js';
import { createRegistryService } from '../modules/registry/service.js';
import { createIdentityStore } from '../modules/identity/store.js';
import { createIdentityService } from '../modules/identity/service.js';
import { loadTotpKeyRing } from '../modules/identity/totp-secrets.js';
import { createBillEvents } from '../modules/payments/bill-events.js';
import { createPaymentsStore } from '../modules/payments/store.js';
import { createPaymentsService } from '../modules/payments/service.js';
import { paymentGatewaySettings } from '../modules/payments/gateway.js';
import { createViolationsStore } from '../modules/violations/store.js';
import { createViolationsService } from '../modules/violations/service.js';
import { createDocumentsService } from '../modules/documents/service.js';
import { createDocumentsStore } from '../modules/documents/store.js';
import { createPartnersStore } from '../modules/partners/store.js';
import { createPartnersService } from '../modules/partners/service.js';
import { createNotificationsService } from '../modules/notifications/service.js';
import { createSupportService } from '../modules/support/service.js';
import { createEducationService } from '../modules/education/service.js';
import { createFamilyStore } from '../modules/family/store.js';
import { createFamilyService } from '../modules/family/service.js';
import { createHealthModule } from '../modules/health/module.js';
import { createAccessLogReader } from '../modules/audit/reader.js';
import type { Metrics } from './metrics.js';
import { countingGateway } from './counted-outbound.js';

export interface ServiceDeps {
  config: Config;
  db: Database;
  tokens: TokenService;
  sender: MessageSender;
  logger: Logger;
  /** The clock every domain rule reads ("today", "within 30 days"); tests move it. */
  now: () => Date;
  /** Counters for operators (/metrics); absent in tools that serve none. */
  metrics?: Metrics;
}

export function createServices(deps: ServiceDeps) {
  const registry = createRegistryService(createRegistryStore(deps.db));
  // Modules register what a paid bill of their kind does (see bill-events.ts).
  const billEvents = createBillEvents();
  const family = createFamilyService({ store: createFamilyStore(deps.db), registry, billEvents, now: deps.now });
  const identity = createIdentityService({
    store: createIdentityStore(deps.db),
    registry,
    tokens: deps.tokens,
    sender: deps.sender,
    totpKeys: loadTotpKeyRing({ configured: deps.config.totpSecretKeys, dataDir: deps.config.dataDir, allowGenerate: !deps.config.isProduction }),
    smsHourlyBudget: deps.config.smsHourlyBudget,
    onSmsRefused: deps.metrics?.smsRefused,
    logger: deps.logger,
    now: deps.now,
  });
  const notifications = createNotificationsService({ db: deps.db, now: deps.now });
  const support = createSupportService({ db: deps.db, identity, registry, now: deps.now });
  const education = createEducationService({ db: deps.db, identity, registry, now: deps.now });
  const documents = createDocumentsService({ store: createDocumentsStore(deps.db), registry, tokens: deps.tokens, billEvents, now: deps.now });
  const { gateway, gatewayTimeoutMs } = paymentGatewaySettings(deps.config);
  const payments = createPaymentsService({
    store: createPaymentsStore(deps.db), billEvents, identity, logger: deps.logger, now: deps.now,
    gateway: deps.metrics ? countingGateway(gateway, deps.metrics) : gateway, gatewayTimeoutMs,
  });
  const violations = createViolationsService({ store: createViolationsStore(deps.db), billEvents, identity, registry, payments, now: deps.now });
  const partners = createPartnersService({ store: createPartnersStore(deps.db), tokens: deps.tokens, registry, now: deps.now });
  const health = createHealthModule({ db: deps.db, config: deps.config, registry, identity, family, now: deps.now });
  return { registry, identity, billEvents, payments, violations, documents, partners, notifications, support, education, family, health, accessLog: createAccessLogReader(deps.db) };
}

export type Services = ReturnType<typeof createServices>;
