// The real HTTP server: GraphQL over HTTP, CSRF prevention, health, headers,
// query-shape limits (security checklist A and C1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { baseResolvers } from '../../src/server/base-resolvers.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { countStatements } from '../../src/db/statement-counter.js';
import { registerAccount, signInAccount } from '../helpers/people.js';

let platform: TestPlatform;
// Counts runs of the apiInfo resolver, which the hostile documents below ask
// for: a refused document must run none (checklist A: "resolver calls (0)").
// Wrapped before the platform builds its schema from these resolvers.
const apiInfo = baseResolvers.Query!.apiInfo as (...args: unknown[]) => unknown;
let apiInfoRuns = 0;
beforeAll(async () => {
  baseResolvers.Query!.apiInfo = ((...args: unknown[]) => {
    apiInfoRuns += 1;
    return apiInfo(...args);
  }) as never;
  platform = await startTestPlatform();
});
afterAll(async () => {
  baseResolvers.Query!.apiInfo = apiInfo as never;
  await platform.stop();
});

/** How many times apiInfo ran while `send` was in flight. */
async function apiInfoRunsDuring<T>(send: () => Promise<T>): Promise<{ result: T; runs: number }> {
  const before = apiInfoRuns;
  const result = await send();
  return { result, runs: apiInfoRuns - before };
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${platform.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('GraphQL over HTTP', () => {
  it('answers a POST query, with no-store caching and a request ID', async () => {
    const response = await post({ query: '{ apiInfo { version language } }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { apiInfo: { version: expect.any(String), language: 'en' } }, extensions: { cost: expect.any(Object) } });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers application/graphql-response+json when the client accepts it', async () => {
    const response = await post({ query: '{ apiInfo { version } }' }, { accept: 'application/graphql-response+json' });
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('answers a GET query that carries a preflight header, and refuses one without (CSRF)', async () => {
    const url = `${platform.url}/graphql?query=${encodeURIComponent('{ apiInfo { version } }')}`;
    const withHeader = await fetch(url, { headers: { 'apollo-require-preflight': '1' } });
    expect(withHeader.status).toBe(200);
    const bare = await fetch(url);
    expect(bare.status).toBe(400);
  });

  it('refuses a mutation over GET (405) and a text/plain POST (400), running nothing', async () => {
    const mutation = 'mutation { signOut(input: {}) { userErrors { code } } }';
    const get = await fetch(`${platform.url}/graphql?query=${encodeURIComponent(mutation)}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(405);
    const before = platform.outbox().length;
    const plain = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { startRegistration(input: { idNumber: "1000000008", dateOfBirth: "1990-01-01" }) { userErrors { code } } }' }),
    });
    expect(plain.status).toBe(400);
    expect(platform.outbox().length).toBe(before);
  });

  it('refuses a batch of operations, running none of them', async ({ task }) => {
    const { result: response, runs } = await apiInfoRunsDuring(() => post(Array.from({ length: 100 }, () => ({ query: '{ apiInfo { version } }' }))));
    expect(response.status).toBe(400);
    recordFigure(task, { item: 'A5', name: 'resolver runs for a batch of 100 operations', value: runs, expected: 0 });
    expect(runs).toBe(0);
    // The counter does count: the same operation alone runs the resolver once.
    expect((await apiInfoRunsDuring(() => post({ query: '{ apiInfo { version } }' }))).runs).toBe(1);
  });

  it('serves /healthz and the JWKS', async () => {
    const health = await fetch(`${platform.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const jwks = await fetch(`${platform.url}/.well-known/jwks.json`);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it('speaks Arabic when asked', async () => {
    const ar = await post({ query: '{ me { id } }' }, { 'accept-language': 'ar' });
    const en = await post({ query: '{ me { id } }' }, { 'accept-language': 'fr, en;q=0.5' });
    const arBody = (await ar.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    const enBody = (await en.json()) as typeof arBody;
    expect(arBody.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(arBody.errors[0]!.message).toMatch(/[\u0600-\u06FF]/);
    expect(enBody.errors[0]!.message).toBe('You need to sign in to do this.');
  });
});

describe('query shape limits', () => {
  const errorCode = async (response: Response) => ((await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code;

  it('refuses a query deeper than the limit, introspection included', async () => {
    const nested = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${nested(levels - 1)} }`);
    const deepIntrospection = `{ __schema { types { fields { type { ${nested(15)} } } } } }`;
    expect(await errorCode(await post({ query: deepIntrospection }))).toBe('GRAPHQL_VALIDATION_FAILED');
    const asSchemaName = `query __schema ${deepIntrospection}`;
    expect(await errorCode(await post({ query: asSchemaName }))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses too many aliases, also through a fragment spread twice, running no resolver', async ({ task }) => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: apiInfo { version }`).join(' ');
    const fragmentAliases = Array.from({ length: 9 }, (_, i) => `f${i}: apiInfo { version }`).join(' ');
    const viaFragment = `query { ...F ...F } fragment F on Query { ${fragmentAliases} }`;
    const { runs } = await apiInfoRunsDuring(async () => {
      expect(await errorCode(await post({ query: `{ ${aliases} }` }))).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await errorCode(await post({ query: viaFragment }))).toBe('GRAPHQL_VALIDATION_FAILED');
    });
    recordFigure(task, { item: 'A2', name: 'resolver runs for 2 documents with too many aliases', value: runs, expected: 0 });
    expect(runs).toBe(0);
  });

  it('refuses too many tokens, too many directives and a huge body, running no resolver', async ({ task }) => {
    const tokens = `{ ${Array.from({ length: 1500 }, () => 'apiInfo { version }').join(' ')} }`;
    const directives = `{ apiInfo { version ${'@include(if: true) '.repeat(51)} } }`;
    const { runs } = await apiInfoRunsDuring(async () => {
      expect(await errorCode(await post({ query: tokens }))).toMatch(/GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED/);
      expect(await errorCode(await post({ query: directives }))).toBe('GRAPHQL_VALIDATION_FAILED');
      const huge = await post({ query: `{ apiInfo { version } } #${'x'.repeat(200_000)}` });
      expect(huge.status).toBe(413);
    });
    recordFigure(task, { item: 'A3', name: 'resolver runs for 3 over-long documents (tokens, directives, body)', value: runs, expected: 0 });
    expect(runs).toBe(0);
  });

  it('caps page sizes in the resolver even when first comes from a variable', async () => {
    const session = await signInAccount(platform, await registerAccount(platform));
    const query = 'query($n: Int) { me { securityEvents(first: $n) { totalCount } } }';
    expect((await platform.gql<any>(query, { n: 10 }, { token: session.accessToken })).data.me.securityEvents.totalCount).toBeGreaterThan(0);
    const big = await platform.gql<any>(query, { n: 1_000_000 }, { token: session.accessToken });
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('statement counting', () => {
  it('counts the SQL statements an operation runs', async () => {
    const { statements } = await countStatements(async () => platform.services.registry.findPerson('1000000008'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/registry_persons/);
  });
});
