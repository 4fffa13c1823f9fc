// Production hides internals: no stack, no SQL, no suggestions, no
// introspection, no Sandbox (security checklist B).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { generateSigningJwk } from '../../src/auth/keys.js';
import { formatError } from '../../src/server/errors.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ NODE_ENV: 'production', JWT_PRIVATE_JWKS: JSON.stringify([await generateSigningJwk()]), HEALTH_DATA_KEY: Buffer.alloc(32, 7).toString('base64'), TOTP_SECRET_KEY: Buffer.alloc(32, 8).toString('base64') });
});
afterAll(async () => {
  await platform.stop();
});

describe('error masking', () => {
  it('turns an unexpected error into a generic INTERNAL_SERVER_ERROR and logs the detail', () => {
    const logged: unknown[] = [];
    const cause = new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: accounts.username_key');
    const wrapped = new GraphQLError(cause.message, { originalError: cause, path: ['completeRegistration'] });
    const formatted = formatError(
      { exposeDetails: false, onUnexpected: (error) => logged.push(error) },
      { message: cause.message, path: ['completeRegistration'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      wrapped,
    );
    expect(formatted).toEqual({ message: 'Something went wrong on our side.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(formatted)).not.toMatch(/SQLITE|username_key|stack/i);
    expect(logged).toEqual([cause]);
  });

  it('keeps deliberate access errors as they are, without a stack', () => {
    const error = new GraphQLError('You need to sign in to do this.', { extensions: { code: 'UNAUTHENTICATED' } });
    const formatted = formatError({ exposeDetails: false, onUnexpected: () => undefined }, { message: error.message, extensions: { code: 'UNAUTHENTICATED', stacktrace: ['at y'] } }, error);
    expect(formatted).toEqual({ message: error.message, extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('masks a thrown error that pretends to carry a public code', () => {
    const sneaky = Object.assign(new Error('SELECT * FROM accounts'), { extensions: { code: 'FORBIDDEN' } });
    const formatted = formatError({ exposeDetails: false, onUnexpected: () => undefined }, { message: sneaky.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError(sneaky.message, { originalError: sneaky }));
    expect(formatted.message).not.toContain('SELECT');
  });
});

describe('a production server', () => {
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } }),
    );

  it('gives no field suggestions', async () => {
    const answer = await post('{ apiInf { version } }');
    expect(answer.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses introspection', async () => {
    const answer = await post('{ __schema { types { name } } }');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not reveal the limit it enforces', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: apiInfo { version }`).join(' ');
    const answer = await post(`{ ${aliases} }`);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.body.errors?.[0]?.message).not.toMatch(/\d/);
  });

  it('tells the cost of an answer but not the limit', async () => {
    const answer = await post('{ apiInfo { version } }');
    expect((answer.body as { extensions?: unknown }).extensions).toEqual({ cost: { requested: 4, actual: 4 } });
  });

  it('refuses a costly query without naming the limit', async () => {
    const answer = await post('{ me { notifications(first: 100) { edges { cursor node { id title body kind createdAt readAt read subjectId } } } } }');
    const error = answer.body.errors?.[0];
    expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.message).not.toMatch(/\d/);
    expect(error?.extensions?.cost).toEqual({ requested: expect.any(Number) });
  });

  it('serves no explorer: no Sandbox, no GraphiQL, none of its files', async () => {
    const response = await fetch(`${platform.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/sandbox|embeddable|graphiql/i);
    expect((await fetch(`${platform.url}/explorer/assets/graphiql.js`)).status).toBe(404);
    expect((await fetch(`${platform.url}/explorer/assets/schema.json`)).status).toBe(404);
  });
});
