// POST /oauth/token: OAuth 2.0 client credentials (RFC 6749 section 4.4) for
// partners. Credentials in the form body or in HTTP Basic (section 2.3.1).
// GET /.well-known/oauth-authorization-server describes it (RFC 8414), so a
// partner's OAuth library configures itself from the issuer alone.
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.js';
import { PARTNER_SCOPES } from '../modules/partners/scopes.js';

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

/** RFC 8414 metadata. The issuer is the public base URL: the proxy in front of us serves our paths under it. */
export function authorizationServerMetadata(issuer: string) {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  return {
    issuer,
    token_endpoint: new URL('oauth/token', base).href,
    jwks_uri: new URL('.well-known/jwks.json', base).href,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: Object.keys(PARTNER_SCOPES),
    // Required by RFC 8414, and empty: there is no authorization endpoint,
    // partners are machines and people never sign in through a partner.
    response_types_supported: [],
  };
}

export function registerOAuthRoutes(app: FastifyInstance, services: Services, options: { issuer: string }): void {
  const metadata = authorizationServerMetadata(options.issuer);
  app.get('/.well-known/oauth-authorization-server', async () => metadata);

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
