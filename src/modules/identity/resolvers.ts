// Thin resolvers: read arguments and context, call the identity service, shape
// the answer. The rules live in the service.
import type { Resolvers } from '../../generated/resolvers-types.js';
import { viewerAccountId, type RequestContext } from '../../server/context.js';
import { toGlobalId, localIdOf } from '../../server/global-id.js';
import { pageRequest, toConnection } from '../../server/pagination.js';
import { toPayload } from '../../server/payload.js';
import { maskMobile } from '../registry/id-number.js';
import { identityErrors } from './errors.js';
import type { RequestOrigin } from './deps.js';
import type { Viewer } from '../../auth/tokens.js';
import type { IssuedTokens } from './sessions.js';

type PersonViewer = Extract<Viewer, { kind: 'person' }>;

function origin(context: RequestContext): RequestOrigin {
  return { ipAddress: context.client.ipAddress, device: context.client.userAgent, requestId: context.requestId, language: context.language };
}

/** The signed-in person; every caller runs behind @signedIn. */
function person(context: RequestContext): PersonViewer {
  if (context.viewer?.kind !== 'person') throw new Error('expected a signed-in person');
  return context.viewer;
}

const authSession = (tokens: IssuedTokens) => ({ session: tokens });
const registrationIdFrom = (globalId: string) => localIdOf(globalId, 'Registration') ?? '';

export const identityResolvers: Resolvers = {
  Query: {
    me: async (_root, _args, context) => {
      const account = await context.loaders.identity.accountById.load(person(context).accountId);
      if (!account) throw new Error('signed-in account vanished');
      return account;
    },
  },

  Mutation: {
    startRegistration: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.registration.start(input.idNumber, input.dateOfBirth, origin(context)),
        identityErrors, context.language,
        (registration) => ({ registration }),
      ),
    verifyRegistrationCode: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.registration.verifyCode(registrationIdFrom(input.registrationId), input.code),
        identityErrors, context.language,
        (registration) => ({ registration }),
      ),
    completeRegistration: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.registration.complete({ ...input, registrationId: registrationIdFrom(input.registrationId) }, origin(context)),
        identityErrors, context.language,
        (account) => ({ account }),
      ),
    signIn: async (_root, { input }, context) =>
      toPayload(await context.services.identity.signIn.start(input, origin(context)), identityErrors, context.language, (challenge) => ({ challenge })),
    verifySignIn: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.signIn.verify(input.challengeId, input.code, origin(context)),
        identityErrors, context.language,
        ({ account, tokens }) => ({ account, session: tokens }),
      ),
    refreshSession: async (_root, { input }, context) =>
      toPayload(await context.services.identity.sessions.refresh(input.refreshToken, origin(context)), identityErrors, context.language, authSession),
    resendCode: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.resendCode(localIdOf(input.challengeId, 'Registration') ?? input.challengeId, context.language),
        identityErrors, context.language,
        (challenge) => ({ expiresAt: challenge.expiresAt }),
      ),
    startPasswordReset: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.recovery.startReset(input.idNumber, input.dateOfBirth, origin(context)),
        identityErrors, context.language,
        (challenge) => ({ challenge }),
      ),
    completePasswordReset: async (_root, { input }, context) =>
      toPayload(await context.services.identity.recovery.completeReset(input, origin(context)), identityErrors, context.language, () => ({})),
    signOut: async (_root, { input }, context) => {
      await context.services.identity.sessions.signOut(person(context), input.everywhere ?? false, origin(context));
      return { userErrors: [] };
    },
    revokeSession: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.sessions.revoke(person(context), localIdOf(input.sessionId, 'Session') ?? '', origin(context)),
        identityErrors, context.language,
        () => ({}),
      ),
    changePassword: async (_root, { input }, context) =>
      toPayload(await context.services.identity.recovery.changePassword(person(context), input, origin(context)), identityErrors, context.language, () => ({})),
    sendEmailVerification: async (_root, _args, context) =>
      toPayload(await context.services.identity.recovery.sendEmailCode(person(context), origin(context)), identityErrors, context.language, (challenge) => ({ challenge })),
    startTotpEnrollment: async (_root, { input }, context) =>
      toPayload(await context.services.identity.totp.start(person(context), input.password), identityErrors, context.language, (enrollment) => ({ enrollment })),
    confirmTotpEnrollment: async (_root, { input }, context) =>
      toPayload(await context.services.identity.totp.confirm(person(context), input.code, origin(context)), identityErrors, context.language, (account) => ({ account })),
    removeTotp: async (_root, { input }, context) =>
      toPayload(await context.services.identity.totp.remove(person(context), input.password, origin(context)), identityErrors, context.language, (account) => ({ account })),
    verifyEmail: async (_root, { input }, context) =>
      toPayload(
        await context.services.identity.recovery.verifyEmail(person(context), input.challengeId, input.code, origin(context)),
        identityErrors, context.language,
        (account) => ({ account }),
      ),
    disableAccount: async (_root, { input }, context) => {
      const outcome = await context.services.identity.accountStatus.disable(viewerAccountId(context), input.idNumber, input.reason, origin(context));
      return { disabled: outcome.ok, ...toPayload(outcome, identityErrors, context.language, () => ({})) };
    },
    enableAccount: async (_root, { input }, context) => {
      const outcome = await context.services.identity.accountStatus.enable(viewerAccountId(context), input.idNumber, origin(context));
      return { enabled: outcome.ok, ...toPayload(outcome, identityErrors, context.language, () => ({})) };
    },
  },

  Account: {
    id: (account) => toGlobalId('Account', account.id),
    emailVerified: (account) => account.emailVerifiedAt !== null,
    totpEnrolled: (account) => account.totpSecret !== null,
    person: async (account, _args, context) => {
      const found = await context.loaders.registry.personByIdNumber.load(account.personIdNumber);
      if (!found) throw new Error('account without a registry person');
      return found;
    },
    sessions: (account, _args, context) => context.services.identity.sessions.openSessions(account.id),
    securityEvents: async (account, args, context) => {
      const page = pageRequest(args);
      const [rows, total] = await Promise.all([
        context.services.identity.securityEvents(account.id, page.limit + 1, page.afterKey),
        context.services.identity.countSecurityEvents(account.id),
      ]);
      return toConnection(rows, page, (row) => row.id, total);
    },
  },

  Person: {
    name: (person) => ({ ar: person.nameAr, en: person.nameEn }),
    maskedMobile: (person) => maskMobile(person.mobile),
  },

  Session: {
    id: (session) => toGlobalId('Session', session.id),
    current: (session, _args, context) => context.viewer?.kind === 'person' && context.viewer.sessionId === session.id,
  },

  SecurityEvent: {
    type: (event) => event.type as never,
  },

  Registration: {
    id: (challenge) => toGlobalId('Registration', challenge.id),
    maskedMobile: (challenge) => maskMobile(challenge.destination ?? ''),
    verified: (challenge) => challenge.verifiedAt !== null,
  },

  Challenge: {
    maskedMobile: (challenge) => (challenge.channel === 'SMS' ? maskMobile(challenge.destination ?? '') : null),
  },
};
