// What every resolver receives. Built per request: the viewer from the token,
// the language from Accept-Language, and a fresh set of DataLoaders (never
// shared between requests, so one caller's rows cannot leak into another's).
import type { Logger } from 'pino';
import type { Language } from '../i18n/language.js';
import type { Viewer } from '../auth/tokens.js';
import type { Services } from './services.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string;
}

export interface RequestContext {
  requestId: string;
  language: Language;
  viewer: Viewer | null;
  client: ClientInfo;
  services: Services;
  loaders: Loaders;
  logger: Logger;
}

export function createRequestContext(input: Omit<RequestContext, 'loaders'>): RequestContext {
  return { ...input, loaders: createLoaders(input.services) };
}

/** The signed-in person's account ID; callers run behind @signedIn. */
export function viewerAccountId(context: RequestContext): number {
  if (context.viewer?.kind !== 'person') throw new Error('viewerAccountId called without a signed-in person');
  return context.viewer.accountId;
}
