// POST /oauth/token: OAuth 2.0 client credentials (RFC 6749 section 4.4) for
// partners. Credentials in the form body or in HTTP Basic (section 2.3.1).
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.js';

interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = header && /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export function registerOAuthRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Body: TokenRequest }>('/oauth/token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const body = (request.body ?? {}) as TokenRequest;
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'use application/x-www-form-urlencoded' });
    }
    if (body.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic?.id ?? body.client_id;
    const clientSecret = basic?.secret ?? body.client_secret;
    const issued =
      typeof clientId === 'string' && typeof clientSecret === 'string' && clientId.length <= 100 && clientSecret.length <= 200
        ? await services.partners.issueToken(clientId, clientSecret, body.scope)
        : null;
    if (!issued) {
      request.log.warn({ clientId: typeof clientId === 'string' ? clientId.slice(0, 100) : null }, 'partner token refused');
      return reply.code(401).header('www-authenticate', 'Basic realm="partners"').send({ error: 'invalid_client' });
    }
    if ('error' in issued) return reply.code(400).send({ error: issued.error });
    return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope };
  });
}
