// OpenTelemetry tracing, off unless an OTLP endpoint is configured (see
// config.ts). Spans for HTTP, Fastify's hooks and handlers, and GraphQL's
// parse, validate and execute; the database is not instrumented yet (the data
// layer is being rewritten and will add it).
//
// Started before the HTTP and GraphQL modules are loaded (main.ts imports the
// platform only afterwards): instrumentation patches modules as they load.
// The exporter, protocol, sampler and headers follow the standard OTEL_*
// variables, read by the SDK itself.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { FastifyOtelInstrumentation } from '@fastify/otel';

// Probed every few seconds: a trace each would bury the ones that matter.
const UNTRACED_PATHS = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

export interface Tracing {
  /** Sends the spans still buffered; call after the server has stopped. */
  shutdown(): Promise<void>;
}

export function startTracing(options: { serviceName: string }): Tracing {
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    // Traces only: metrics are scraped from /metrics, logs go to stdout (pino).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]!),
        // A GraphQL GET carries the document and its variables (ID numbers,
        // say) in the query string: never into a span.
        redactedQueryParamsServer: ['query', 'variables', 'extensions'],
      }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: (route) => UNTRACED_PATHS.has(route.url),
        // Its request span records the URL whole: keep the path only, as above.
        requestHook: (span, request) => span.setAttribute('url.path', request.url.split('?')[0]!),
      }),
      // allowValues stays false: literal arguments in a document are masked.
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
