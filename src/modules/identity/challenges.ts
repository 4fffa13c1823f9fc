// One-time-code challenges shared by registration, sign-in, password reset and
// e-mail confirmation: issue, resend with a cooldown, and check with a bounded
// number of tries, all bound to one challenge.
import {
  CODE_TTL_MS, MAX_CODE_ATTEMPTS, MAX_SENDS_PER_CHALLENGE, RESEND_COOLDOWN_MS,
  codeMatches, generateCode, hashCode, isWellFormedCode, randomToken,
} from '../../auth/one-time-codes.js';
import type { Language } from '../../i18n/language.js';
import type { MessageSender } from '../messaging/sender.js';
import type { IdentityStore, IdentityTx } from './store.js';
import type { ChallengeRow } from './tables.js';
import { refuse, succeed, type Outcome } from '../../server/user-errors.js';
import type { IdentityErrorCode } from './errors.js';

type Purpose = ChallengeRow['purpose'];

const messageTexts: Record<Purpose, { en: string; ar: string }> = {
  REGISTRATION: {
    en: 'Your Absher registration code is {code}. It expires in 5 minutes. Never share it.',
    ar: 'رمز التسجيل في أبشر هو {code}. صالح لمدة 5 دقائق. لا تشاركه مع أحد.',
  },
  SIGN_IN: {
    en: 'Your Absher sign-in code is {code}. It expires in 5 minutes. Never share it.',
    ar: 'رمز الدخول إلى أبشر هو {code}. صالح لمدة 5 دقائق. لا تشاركه مع أحد.',
  },
  PASSWORD_RESET: {
    en: 'Your Absher password reset code is {code}. If you did not ask for it, ignore this message.',
    ar: 'رمز إعادة تعيين كلمة المرور في أبشر هو {code}. إذا لم تطلبه فتجاهل هذه الرسالة.',
  },
  EMAIL_VERIFICATION: {
    en: 'Your code to confirm this e-mail address on Absher is {code}.',
    ar: 'رمز تأكيد بريدك الإلكتروني في أبشر هو {code}.',
  },
};

export interface NewChallenge {
  purpose: Purpose;
  channel: 'SMS' | 'EMAIL' | 'TOTP';
  /** Where the code is sent; null for TOTP, whose code comes from the person's app. */
  destination: string | null;
  personIdNumber: string | null;
  accountId: number | null;
}

export function createChallenges(store: IdentityStore, sender: MessageSender, now: () => Date) {
  async function send(row: Pick<ChallengeRow, 'purpose' | 'channel' | 'destination'>, code: string, language: Language) {
    await sender.send({
      channel: row.channel === 'EMAIL' ? 'email' : 'sms',
      to: row.destination ?? '',
      purpose: row.purpose,
      code,
      text: messageTexts[row.purpose][language].replace('{code}', code),
    });
  }

  return {
    async issue(input: NewChallenge, language: Language): Promise<ChallengeRow> {
      const at = now();
      const id = randomToken(18);
      // An authenticator challenge sends nothing: the app already has the code.
      const code = input.channel === 'TOTP' ? null : generateCode();
      const row = {
        id, ...input, codeHash: code === null ? null : hashCode(id, code), attempts: 0, sendCount: 1,
        lastSentAt: at, expiresAt: new Date(at.getTime() + CODE_TTL_MS), createdAt: at, verifiedAt: null, consumedAt: null,
      } satisfies ChallengeRow;
      await store.atomically((tx) => tx.insertChallenge(row));
      if (code !== null) await send(row, code, language);
      return row;
    },

    async resend(challengeId: string, language: Language): Promise<Outcome<ChallengeRow, IdentityErrorCode>> {
      const at = now();
      const code = generateCode();
      const outcome = await store.atomically(async (tx): Promise<Outcome<ChallengeRow, IdentityErrorCode>> => {
        const row = await tx.challenge(challengeId);
        if (!row || row.consumedAt || row.verifiedAt || row.channel === 'TOTP') return refuse('CHALLENGE_NOT_FOUND', ['challengeId']);
        const waitMs = row.lastSentAt.getTime() + RESEND_COOLDOWN_MS - at.getTime();
        if (waitMs > 0) return refuse('RESEND_TOO_SOON', null, { seconds: Math.ceil(waitMs / 1000) });
        if (row.sendCount >= MAX_SENDS_PER_CHALLENGE) return refuse('CODE_ATTEMPTS_EXCEEDED', null);
        const changes = {
          codeHash: hashCode(row.id, code), attempts: 0, sendCount: row.sendCount + 1,
          lastSentAt: at, expiresAt: new Date(at.getTime() + CODE_TTL_MS),
        };
        await tx.updateChallenge(row.id, changes);
        return succeed({ ...row, ...changes });
      });
      if (outcome.ok) await send(outcome.value, code, language);
      return outcome;
    },

    /**
     * Checks a code and, when it is right, runs `onSuccess` in the same
     * transaction: two concurrent right answers cannot both succeed, and a
     * wrong answer always costs one of the challenge's tries. `matchesTotp`
     * checks the code of an authenticator challenge (nothing else can pass one).
     * The callbacks run inside the transaction and, like it, may run more
     * than once (PostgreSQL retries a transaction that lost a race): they
     * only read and write through `tx`.
     */
    async check<T>(
      challengeId: string,
      purpose: Purpose,
      code: string,
      onSuccess: (tx: IdentityTx, row: ChallengeRow) => Promise<Outcome<T, IdentityErrorCode>>,
      onFailure?: (tx: IdentityTx, row: ChallengeRow) => Promise<void>,
      matchesTotp?: (tx: IdentityTx, row: ChallengeRow, code: string) => Promise<boolean>,
    ): Promise<Outcome<T, IdentityErrorCode>> {
      const at = now();
      return store.atomically(async (tx): Promise<Outcome<T, IdentityErrorCode>> => {
        const row = await tx.challenge(challengeId);
        if (!row || row.purpose !== purpose || row.consumedAt) return refuse('CHALLENGE_NOT_FOUND', ['challengeId']);
        if (row.attempts >= MAX_CODE_ATTEMPTS) return refuse('CODE_ATTEMPTS_EXCEEDED', ['code']);
        if (row.expiresAt.getTime() <= at.getTime()) return refuse('CODE_EXPIRED', ['code']);
        // Counted before the code is compared, and kept whatever the answer:
        // refusals below are returned, not rolled back.
        await tx.updateChallenge(row.id, { attempts: row.attempts + 1 });
        const right =
          isWellFormedCode(code) &&
          (row.channel === 'TOTP'
            ? ((await matchesTotp?.(tx, row, code)) ?? false)
            : row.codeHash !== null && codeMatches(row.id, code, row.codeHash));
        if (!right) {
          await onFailure?.(tx, row);
          return refuse('CODE_INVALID', ['code']);
        }
        return onSuccess(tx, { ...row, attempts: row.attempts + 1 });
      });
    },
  };
}

export type Challenges = ReturnType<typeof createChallenges>;
