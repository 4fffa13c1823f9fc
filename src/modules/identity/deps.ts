import type { TokenService } from '../../auth/tokens.js';
import type { MessageSender } from '../messaging/sender.js';
import type { RegistryService } from '../registry/service.js';
import type { IdentityStore } from './store.js';
import type { Language } from '../../i18n/language.js';
import type { KeyRing } from '../../crypto/key-ring.js';
import type { Logger } from '../../server/logger.js';

export interface IdentityDeps {
  store: IdentityStore;
  registry: RegistryService;
  tokens: TokenService;
  sender: MessageSender;
  /** Seals authenticator-app secrets at rest (totp-secrets.ts). */
  totpKeys: KeyRing;
  /** SMS the steps anyone may call can send in an hour, all callers together (sms-budget.ts). */
  smsHourlyBudget: number;
  /** Told of each SMS a throttle or the budget stopped, by the step that asked (for /metrics). */
  onSmsRefused?: (purpose: 'REGISTRATION' | 'PASSWORD_RESET' | 'RESEND') => void;
  logger?: Logger;
  now?: () => Date;
}

/** Who is asking: recorded in security events and used for client throttling. */
export interface RequestOrigin {
  ipAddress: string | null;
  device: string;
  requestId: string;
  language: Language;
}
