// Who is calling: the bearer token verified once per request, then checked
// against the database (session still open, partner still active), so that
// sign-out, password change and partner disabling take effect at once.
import type { FastifyRequest } from 'fastify';
import type { TokenService, Viewer } from '../auth/tokens.js';
import type { Services } from './services.js';

export type AuthenticatedViewer = Viewer | (Extract<Viewer, { kind: 'partner' }> & { requestsPerMinute: number });

/** The caller, null when anonymous, or 'invalid' for a token that must be refused. */
export async function authenticateRequest(request: FastifyRequest, tokens: TokenService, services: Services): Promise<AuthenticatedViewer | null | 'invalid'> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(authorization);
  const claimed = match ? await tokens.verify(match[1]!) : null;
  if (!claimed) return 'invalid';
  const viewer = claimed.kind === 'person' ? await services.identity.sessions.authenticate(claimed) : await services.partners.authenticate(claimed);
  return viewer ?? 'invalid';
}
