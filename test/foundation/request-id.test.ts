// Every error a client sees carries the request ID (extensions.requestId), the
// one the response's x-request-id header names and the log lines carry: masked
// internal errors, access refusals and protocol errors alike, in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../../src/auth/keys.js';
import { baseResolvers } from '../../src/server/base-resolvers.js';
import { capturedLog } from '../helpers/captured-log.js';
import { registerAccount, signInAccount } from '../helpers/people.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

let platform: TestPlatform;
const log = capturedLog('info');
// apiInfo throws a database-looking error when asked to: an unexpected failure
// the edge must mask. Wrapped before the platform builds its schema.
const apiInfo = baseResolvers.Query!.apiInfo as (...args: unknown[]) => unknown;
let failApiInfo = false;
beforeAll(async () => {
  baseResolvers.Query!.apiInfo = ((...args: unknown[]) => {
    if (failApiInfo) throw new Error('SQLITE_BUSY: database is locked');
    return apiInfo(...args);
  }) as never;
  platform = await startTestPlatform(
    {
      NODE_ENV: 'production',
      JWT_PRIVATE_JWKS: JSON.stringify([await generateSigningJwk()]),
      HEALTH_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      TOTP_SECRET_KEY: Buffer.alloc(32, 8).toString('base64'),
    },
    { logger: log.logger },
  );
});
afterAll(async () => {
  baseResolvers.Query!.apiInfo = apiInfo as never;
  await platform.stop();
});

interface Answer {
  status: number;
  header: string | null;
  errors: Array<{ message: string; extensions: Record<string, unknown> }>;
}

async function send(init: { method?: string; body?: string; headers?: Record<string, string>; query?: string }): Promise<Answer> {
  const url = `${platform.url}/graphql${init.query ? `?${init.query}` : ''}`;
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  const body = (await response.json()) as { errors?: Answer['errors'] };
  return { status: response.status, header: response.headers.get('x-request-id'), errors: body.errors ?? [] };
}

const query = (text: string, headers: Record<string, string> = {}) => send({ body: JSON.stringify({ query: text }), headers });

function expectEveryErrorNamesTheRequest(answer: Answer, code: string) {
  expect(answer.errors.length).toBeGreaterThan(0);
  expect(answer.header).toEqual(expect.any(String));
  for (const error of answer.errors) expect(error.extensions).toMatchObject({ code, requestId: answer.header });
}

describe('the request ID in errors', () => {
  it('is on a masked INTERNAL_SERVER_ERROR, and the log has the detail under the same ID', async () => {
    failApiInfo = true;
    try {
      const answer = await query('{ apiInfo { version } }');
      expectEveryErrorNamesTheRequest(answer, 'INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer.errors)).not.toMatch(/SQLITE|locked/);
      const logged = log.text().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { reqId?: string; err?: { message: string } });
      expect(logged.find((line) => line.reqId === answer.header && line.err)?.err?.message).toBe('SQLITE_BUSY: database is locked');
    } finally {
      failApiInfo = false;
    }
  });

  it('is on UNAUTHENTICATED, whether refused by the token check or by a field', async () => {
    expectEveryErrorNamesTheRequest(await query('{ me { id } }', { authorization: 'Bearer not-a-token' }), 'UNAUTHENTICATED');
    expectEveryErrorNamesTheRequest(await query('{ me { id } }'), 'UNAUTHENTICATED');
  });

  it('is on FORBIDDEN', async () => {
    const citizen = await signInAccount(platform, await registerAccount(platform));
    const answer = await query('{ failedRefunds { totalCount } }', { authorization: `Bearer ${citizen.accessToken}` });
    expectEveryErrorNamesTheRequest(answer, 'FORBIDDEN');
  });

  it('is on validation, parse and CSRF refusals', async () => {
    expectEveryErrorNamesTheRequest(await query('{ nothingHere }'), 'GRAPHQL_VALIDATION_FAILED');
    expectEveryErrorNamesTheRequest(await query('{ apiInfo { '), 'GRAPHQL_PARSE_FAILED');
    // A GET without a content type or a preflight header: a possible CSRF, refused.
    expectEveryErrorNamesTheRequest(await send({ method: 'GET', query: 'query=%7B%20apiInfo%20%7B%20version%20%7D%20%7D', headers: { 'content-type': '' } }), 'BAD_REQUEST');
  });

  it('is on a body Apollo never sees: not JSON, or over the size limit', async () => {
    const notJson = await send({ body: '{"query": "{ apiInfo { version } }" oops}' });
    expect(notJson.status).toBe(400);
    expectEveryErrorNamesTheRequest(notJson, 'BAD_REQUEST');
    const huge = await send({ body: JSON.stringify({ query: `{ apiInfo { version } } #${'x'.repeat(2 * 1024 * 1024)}` }) });
    expect(huge.status).toBe(413);
    expectEveryErrorNamesTheRequest(huge, 'BAD_REQUEST');
  });

  it('keeps the ID the client sent, when it is harmless', async () => {
    const answer = await query('{ me { id } }', { 'x-request-id': 'client-chosen-0001' });
    expect(answer.header).toBe('client-chosen-0001');
    expect(answer.errors[0]?.extensions.requestId).toBe('client-chosen-0001');
  });
});
