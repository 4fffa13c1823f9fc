// One set of DataLoaders per request, gathered from each module.
import type { Services } from './services.js';
import { createRegistryLoaders } from '../modules/registry/loaders.js';
import { createIdentityLoaders } from '../modules/identity/loaders.js';
import { createPaymentsLoaders } from '../modules/payments/loaders.js';
import { createViolationsLoaders } from '../modules/violations/loaders.js';
import { createDocumentsLoaders } from '../modules/documents/loaders.js';
import { createNotificationLoaders } from '../modules/notifications/loaders.js';
import { createHealthLoaders } from '../modules/health/loaders.js';
import { createSupportLoaders } from '../modules/support/loaders.js';
import { createEducationLoaders } from '../modules/education/loaders.js';
import { createFamilyLoaders } from '../modules/family/loaders.js';

export function createLoaders(services: Services) {
  return {
    health: createHealthLoaders(services.health),
    registry: createRegistryLoaders(services.registry),
    identity: createIdentityLoaders(services.identity),
    payments: createPaymentsLoaders(services.payments),
    violations: createViolationsLoaders(services.violations),
    documents: createDocumentsLoaders(services.documents),
    notifications: createNotificationLoaders(services.notifications),
    support: createSupportLoaders(services.support),
    education: createEducationLoaders(services.education),
    family: createFamilyLoaders(services.family),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
