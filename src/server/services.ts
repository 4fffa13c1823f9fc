// The services of every module, built once per process over one database.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { TokenService } from '../auth/tokens.js';
import type { MessageSender } from '../modules/messaging/sender.js';
import { createRegistryStore } from '../modules/registry/store.js';
import { createRegistryService } from '../modules/registry/service.js';
import { createIdentityStore } from '../modules/identity/store.js';
import { createIdentityService } from '../modules/identity/service.js';
import { createBillEvents } from '../modules/payments/bill-events.js';
import { createPartnersStore } from '../modules/partners/store.js';
import { createPartnersService } from '../modules/partners/service.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  tokens: TokenService;
  sender: MessageSender;
  logger: Logger;
  /** The clock every domain rule reads ("today", "within 30 days"); tests move it. */
  now: () => Date;
}

export function createServices(deps: ServiceDeps) {
  const registry = createRegistryService(createRegistryStore(deps.db));
  // Modules register what a paid bill of their kind does (see bill-events.ts).
  const billEvents = createBillEvents();
  const identity = createIdentityService({
    store: createIdentityStore(deps.db),
    registry,
    tokens: deps.tokens,
    sender: deps.sender,
    now: deps.now,
  });
  const partners = createPartnersService({ store: createPartnersStore(deps.db), tokens: deps.tokens, registry });
  return { registry, identity, billEvents, partners };
}

export type Services = ReturnType<typeof createServices>;
