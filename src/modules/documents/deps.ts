import type { RegistryService } from '../registry/service.js';
import type { TokenService } from '../../auth/tokens.js';
import type { DocumentsStore } from './store.js';
import type { PersonKind } from './renewal-schedule.js';

export interface DocumentsDeps {
  store: DocumentsStore;
  registry: RegistryService;
  tokens: TokenService;
  now: () => Date;
}

/** The signed-in person acting on their own documents. */
export interface Holder {
  accountId: number;
  idNumber: string;
  kind: PersonKind;
}
