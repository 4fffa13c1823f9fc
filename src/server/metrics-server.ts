// /metrics on a listener of its own (METRICS_PORT): the public port and the
// reverse proxy in front of it never route to it. With METRICS_TOKEN set, a
// scrape must send it as a bearer token (Prometheus' `authorization` setting).
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

// Hashing both sides first gives equal lengths, so the comparison takes the
// same time whatever was sent.
const digest = (value: string) => createHash('sha256').update(value).digest();
function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(sent), digest(token));
}

export async function serveMetrics(
  options: { port: number; host: string; token: string | undefined },
  registry: Registry,
  logger: Logger,
): Promise<MetricsServer> {
  const server = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger });
  // Scraped every few seconds: logging each scrape would drown the request log.
  server.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (options.token && !bearerMatches(request.headers.authorization, options.token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  await server.listen({ port: options.port, host: options.host });
  const { port } = server.server.address() as { port: number };
  logger.info({ address: `http://${options.host}:${port}/metrics`, bearerToken: Boolean(options.token) }, 'serving /metrics');
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
