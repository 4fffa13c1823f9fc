// Fastify's per-request log lines, quieter: at info a busy server's log would
// be mostly two lines per request, hiding what needs reading. One line at
// debug says how each request ended (with the GraphQL operation's name); the
// arrival is at trace; a request that failed is still an error.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RequestLogs extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.trace({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const responseTime = Math.round(reply.elapsedTime);
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime }, 'request errored');
      return;
    }
    const operation = (request.body as { operationName?: unknown } | undefined)?.operationName;
    reply.log.debug({ req: request, res: reply, responseTime, ...(typeof operation === 'string' ? { operation } : {}) }, 'request completed');
  }
}
