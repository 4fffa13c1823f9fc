// One set of DataLoaders per request, gathered from each module.
import type { Services } from './services.js';
import { createRegistryLoaders } from '../modules/registry/loaders.js';
import { createIdentityLoaders } from '../modules/identity/loaders.js';

export function createLoaders(services: Services) {
  return {
    registry: createRegistryLoaders(services.registry),
    identity: createIdentityLoaders(services.identity),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
