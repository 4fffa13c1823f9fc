// HTTP and GraphQL wiring: Fastify routes, Apollo Server and its plugins.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { isDatabaseReachable, type Db } from '../db/connection.js';
import type { TokenService } from '../auth/tokens.js';
import { languageFrom } from '../i18n/language.js';
import { accessError, formatError } from './errors.js';
import { createRequestContext, type RequestContext } from './context.js';
import { buildSchema } from './schema.js';
import { QUERY_LIMITS, queryLimitRules } from './query-limits.js';
import type { Services } from './services.js';

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  tokens: TokenService;
  services: Services;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, logger, tokens, services } = deps;
  const app = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: QUERY_LIMITS.bodyBytes,
    // A caller's own request ID is kept when it is harmless, so logs join up.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    trustProxy: config.isProduction,
  });

  const apollo = new ApolloServer<RequestContext>({
    schema: buildSchema(),
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: config.isDevelopment,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    validationRules: queryLimitRules({ exposeLimits: !config.isProduction }),
    formatError: (formatted, error) =>
      formatError(
        {
          exposeDetails: config.isDevelopment,
          onUnexpected: (cause) => logger.error({ err: cause }, 'unexpected error while executing an operation'),
        },
        formatted,
        error,
      ),
    plugins: [
      fastifyApolloDrainPlugin(app),
      // The default cache-control plugin wraps every resolver; we send no-store anyway.
      ApolloServerPluginCacheControlDisabled(),
      config.isProduction ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  await app.register(formBody);

  app.addHook('onSend', async (request, reply) => {
    // Responses carry personal data: never store them in shared caches.
    reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
  });

  app.get('/healthz', async (_request, reply) => {
    if (!isDatabaseReachable(deps.db)) return reply.code(503).send({ status: 'unavailable' });
    return { status: 'ok' };
  });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('content-type', 'application/jwk-set+json');
    return tokens.jwks;
  });

  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) => contextFor(request, deps),
  });

  return app;
}

async function contextFor(request: FastifyRequest, deps: AppDeps): Promise<RequestContext> {
  const language = languageFrom(request.headers['accept-language']);
  const base = {
    requestId: request.id,
    language,
    client: { ipAddress: request.ip ?? null, userAgent: String(request.headers['user-agent'] ?? 'unknown').slice(0, 300) },
    services: deps.services,
    logger: request.log as Logger,
  };
  const authorization = request.headers.authorization;
  if (!authorization) return createRequestContext({ ...base, viewer: null });

  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
  const claimed = match ? await deps.tokens.verify(match[1]!) : null;
  const viewer = claimed?.kind === 'person' ? await deps.services.identity.sessions.authenticate(claimed) : claimed;
  // A token that is present but not valid is refused outright, not treated as
  // anonymous: the client must learn that it has to sign in again.
  if (!viewer) throw accessError('UNAUTHENTICATED', language);
  return createRequestContext({ ...base, viewer });
}
