// HTTP and GraphQL wiring: Fastify routes, Apollo Server and its plugins.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { TokenService } from '../auth/tokens.js';
import { languageFrom } from '../i18n/language.js';
import { accessMessages, formatError, type AccessCode } from './errors.js';
import { currentRequestId, runInRequestScope } from './request-scope.js';
import { createRequestContext, type RequestContext } from './context.js';
import { buildSchema } from './schema.js';
import { QUERY_LIMITS, queryLimitRules } from './query-limits.js';
import { queryCostPlugin } from './query-cost.js';
import { RequestLogs } from './request-logging.js';
import { setUpExplorer } from './explorer.js';
import type { Services } from './services.js';
import { authenticateRequest, type AuthenticatedViewer } from './authentication.js';
import { gatePartnerRequest } from './partner-gate.js';
import { loadPersistedOperations } from './persisted-operations.js';
import { registerOAuthRoutes } from './oauth.js';
import { registerHealthProbes } from './health-probes.js';
import { operationMetricsPlugin, type Metrics } from './metrics.js';
import { createPartnerQuota } from './partner-quota.js';
import type { Language } from '../i18n/language.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: AuthenticatedViewer | null;
  }
}

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  tokens: TokenService;
  services: Services;
  metrics: Metrics;
  /** True once shutdown has begun (/readyz answers 503). */
  isDraining: () => boolean;
}

/** Memory for automatic persisted queries (query text by hash), evicting the least recently used. */
export const APQ_CACHE_MAX_BYTES = 8 * 1024 * 1024;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, logger, tokens, services, metrics } = deps;
  const app = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: QUERY_LIMITS.bodyBytes,
    // A caller's own request ID is kept when it is harmless, so logs join up.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    trustProxy: config.isProduction,
    logController: new RequestLogs(),
  });

  const schema = buildSchema();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: config.isDevelopment,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM and SIGINT: Apollo's own handler would stop GraphQL
    // at once, during the delay in which requests must still be served.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    // Automatic persisted queries stay a cache for first-party clients, bounded
    // so that a client sending endless distinct queries cannot grow memory.
    // Partners never reach it with their own text: the gate above runs first.
    persistedQueries: { cache: new InMemoryLRUCache({ maxSize: APQ_CACHE_MAX_BYTES }), ttl: 24 * 60 * 60 },
    validationRules: queryLimitRules({ exposeLimits: !config.isProduction }),
    formatError: (formatted, error) => {
      const sent = formatError(
        {
          exposeDetails: config.isDevelopment,
          // reqId as Fastify's request logs name it, so the detail joins the client's error.
          onUnexpected: (cause) => logger.error({ err: cause, reqId: currentRequestId() }, 'unexpected error while executing an operation'),
        },
        formatted,
        error,
      );
      metrics.errorSent(sent.extensions?.code);
      return sent;
    },
    plugins: [
      fastifyApolloDrainPlugin(app),
      operationMetricsPlugin(metrics),
      // The default cache-control plugin wraps every resolver; we send no-store anyway.
      ApolloServerPluginCacheControlDisabled(),
      queryCostPlugin({ limit: QUERY_LIMITS.cost, exposeLimits: !config.isProduction }),
      setUpExplorer(app, { choice: config.explorer, isProduction: config.isProduction, schema, logger }),
    ],
  });
  await apollo.start();

  await app.register(formBody);
  app.decorateRequest('viewer', null);

  const persistedOperations = loadPersistedOperations();
  const quota = createPartnerQuota(deps.db);

  // Before Apollo sees a /graphql request: who is calling, and for partners,
  // their quota and the persisted-operation allowlist.
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const language = languageFrom(request.headers['accept-language']);
    const viewer = await authenticateRequest(request, tokens, services);
    // A token that is present but not valid is refused outright, not treated
    // as anonymous: the client must learn that it has to sign in again.
    if (viewer === 'invalid') return sendGraphQLError(reply, metrics, 401, 'UNAUTHENTICATED', language);
    request.viewer = viewer;
    if (viewer?.kind !== 'partner') return;

    const wait = 'requestsPerMinute' in viewer ? await quota.consume(viewer.partnerId, viewer.requestsPerMinute) : 0;
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return sendGraphQLError(reply, metrics, 429, 'RATE_LIMITED', language, { retryAfterSeconds: wait });
    }
    const sent = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
    const decision = gatePartnerRequest(sent ?? {}, persistedOperations);
    if (!decision.allowed) return sendGraphQLError(reply, metrics, decision.code === 'OPERATION_NOT_ALLOWED' ? 403 : 200, decision.code, language);
    if (request.method === 'GET') (request.query as Record<string, unknown>).query = decision.operation.body;
    else (request.body as Record<string, unknown>).query = decision.operation.body;
  });

  // The last hook before the handler: Apollo, resolvers and formatError run
  // inside the request's scope. Not earlier: the body arrives in the socket's
  // own async context, so a scope opened in onRequest is lost by now.
  app.addHook('preHandler', (request, _reply, done) => runInRequestScope(request.id, done));

  // While shutting down, responses to requests still in flight close their
  // connection; otherwise a kept-alive socket holds the exit for the whole
  // keep-alive timeout after the last answer.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpAnswered(request.routeOptions.url, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.addHook('onSend', async (request, reply) => {
    // Responses carry personal data: never store them in shared caches.
    reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  registerHealthProbes(app, { db: deps.db, isDraining: deps.isDraining });

  registerOAuthRoutes(app, services, { issuer: config.jwt.issuer });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('content-type', 'application/jwk-set+json');
    return tokens.jwks;
  });

  // A plugin of its own, so that its error handler covers /graphql only.
  await app.register(async function graphqlEndpoint(graphql) {
    graphql.setErrorHandler<FastifyError>((error, request, reply) => sendRequestError(error, request, reply, metrics));
    await graphql.register(fastifyApollo(apollo), {
      path: '/graphql',
      context: async (request) => contextFor(request, deps),
    });
  });

  return app;
}

async function contextFor(request: FastifyRequest, deps: AppDeps): Promise<RequestContext> {
  return createRequestContext({
    requestId: request.id,
    language: languageFrom(request.headers['accept-language']),
    client: { ipAddress: request.ip ?? null, userAgent: String(request.headers['user-agent'] ?? 'unknown').slice(0, 300) },
    services: deps.services,
    logger: request.log as Logger,
    viewer: request.viewer,
  });
}

// Failures before Apollo has the request (a body that is not JSON or is over
// the limit, a hook that threw) answer in GraphQL's shape too, with the
// request ID. Anything but a client's mistake is masked and logged as an error.
function sendRequestError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, metrics: Metrics) {
  const isClientMistake = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
  metrics.errorSent(isClientMistake ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
  if (isClientMistake) request.log.info({ err: error }, 'request refused before the operation ran');
  else request.log.error({ err: error }, 'unexpected error before the operation ran');
  const language = languageFrom(request.headers['accept-language']);
  return reply
    .code(isClientMistake ? error.statusCode! : 500)
    .type('application/json; charset=utf-8')
    .send({
      errors: [
        isClientMistake
          ? { message: error.message, extensions: { code: 'BAD_REQUEST', requestId: request.id } }
          : { message: accessMessages.INTERNAL_SERVER_ERROR[language], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: request.id } },
      ],
    });
}

function sendGraphQLError(reply: FastifyReply, metrics: Metrics, status: number, code: AccessCode, language: Language, extensions: Record<string, unknown> = {}) {
  metrics.errorSent(code);
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ errors: [{ message: accessMessages[code][language], extensions: { code, ...extensions, requestId: reply.request.id } }] });
}
